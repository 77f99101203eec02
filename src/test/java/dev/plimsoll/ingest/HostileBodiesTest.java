package dev.plimsoll.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed, oversized and hostile bodies: each a 4xx naming the field, none a 500, nothing half-stored. */
@QuarkusTest
class HostileBodiesTest {

    final Fixtures.TenantFixture tenant = Fixtures.tenant();
    final UUID team = tenant.team("ops");
    final String collector = tenant.collector(team);

    ValidatableResponse post(String body) {
        return given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .body(body)
                .post("/api/v1/scans")
                .then()
                .contentType("application/problem+json");
    }

    @Test
    void deep_nesting_is_refused_before_parsing() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        post(deep).statusCode(400).body("detail", containsString("nests deeper"));
    }

    @Test
    void deep_nesting_in_an_import_is_refused_before_parsing_even_after_multibyte_text() {
        // The import's guard reads bytes: the brackets inside the string (after a multi-byte
        // character and an escaped quote) are text, the ones after it nest.
        String deep = "{\"note\": \"café \\\" [[[[\", \"x\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .body(deep.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/api/v1/imports/trivy")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("nests deeper"))
                .body("detail", containsString("(at byte 62)"));
    }

    @Test
    void text_that_is_not_json_is_refused() {
        post("this is not json").statusCode(400);
    }

    static final String TEMPLATE = "{\"scanId\":SCANID,\"benchmark\":{\"id\":\"cis-docker\",\"version\":\"1.6.0\"},"
            + "\"host\":{\"id\":\"h1\"},\"collector\":{\"name\":\"c\"},\"startedAt\":\"2026-01-01T00:00:00Z\","
            + "\"finishedAt\":FINISHED,\"results\":RESULTS}";

    static String document(String scanId, String finishedAt, String results) {
        return TEMPLATE.replace("SCANID", scanId)
                .replace("FINISHED", finishedAt)
                .replace("RESULTS", results);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "a number for results | \"UUID\" | \"2026-01-01T00:00:01Z\" | 7 | /results",
                "a wrong status | \"UUID\" | \"2026-01-01T00:00:01Z\" | [{\"control\":\"2.2\",\"status\":\"green\"}] | /results/0/status",
                "an object for the control | \"UUID\" | \"2026-01-01T00:00:01Z\" | [{\"control\":{},\"status\":\"pass\"}] | /results/0/control",
                "a scan id that is no UUID | \"not-a-uuid\" | \"2026-01-01T00:00:01Z\" | [] | /scanId",
                "a number for the scan id | 42 | \"2026-01-01T00:00:01Z\" | [] | /scanId",
                "a bad timestamp | \"UUID\" | \"yesterday\" | [] | /finishedAt",
            })
    void a_wrong_type_or_value_is_refused_naming_the_field(
            String name, String scanId, String finishedAt, String results, String pointer) {
        String valid = document("\"" + UUID.randomUUID() + "\"", "\"2026-01-01T00:00:01Z\"", "[]");
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .body(valid)
                .post("/api/v1/scans")
                .then()
                .statusCode(201);
        String broken = document(scanId.replace("UUID", UUID.randomUUID().toString()), finishedAt, results);
        post(broken).statusCode(400).body("errors.pointer", hasItem(pointer));
    }

    @Test
    void a_huge_evidence_string_is_refused_naming_the_field() {
        String json = Scans.scan()
                .at(Instant.now().minusSeconds(60))
                .hostResult("2.2", ResultStatus.pass)
                .json()
                .replace("\"seen pass\"", "\"" + "x".repeat(100_000) + "\"");
        post(json).statusCode(400).body("errors.pointer", hasItem("/results/0/evidence"));
    }

    @Test
    void a_scan_far_in_the_future_is_refused() {
        post(Scans.scan()
                        .at(Instant.now().plus(2, ChronoUnit.DAYS))
                        .hostResult("2.2", ResultStatus.pass)
                        .json())
                .statusCode(400)
                .body("errors.pointer", hasItem("/finishedAt"));
    }

    @Test
    void a_missing_required_field_is_named() {
        post("{\"scanId\":\"" + UUID.randomUUID() + "\"}")
                .statusCode(400)
                .body("errors.pointer", hasItem("/benchmark"));
    }

    @Test
    void a_container_without_a_name_is_refused_naming_the_field() {
        String json =
                "{\"scanId\":\"" + UUID.randomUUID() + "\",\"benchmark\":{\"id\":\"cis-docker\",\"version\":\"1.6.0\"},"
                        + "\"host\":{\"id\":\"h1\"},\"collector\":{\"name\":\"c\"},\"startedAt\":\"2026-01-01T00:00:00Z\","
                        + "\"finishedAt\":\"2026-01-01T00:00:01Z\",\"results\":[{\"control\":\"5.5\",\"status\":\"fail\","
                        + "\"target\":{\"kind\":\"container\"}}]}";
        post(json).statusCode(400).body("errors.pointer", hasItem("/results/0/target/name"));
    }

    @Test
    void an_unsupported_content_encoding_is_refused_with_415() {
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .header("Content-Encoding", "br")
                .body("{}")
                .post("/api/v1/scans")
                .then()
                .statusCode(415);
    }

    @Test
    void a_body_that_claims_gzip_but_is_not_is_refused() {
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body("{\"plain\":true}")
                .post("/api/v1/scans")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void an_unknown_import_format_is_answered_404_naming_the_formats() {
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .body("{}")
                .post("/api/v1/imports/nessus")
                .then()
                .statusCode(404)
                .body("detail", containsString("docker-bench"));
    }

    @Test
    void nothing_is_stored_from_a_refused_document_and_what_was_accepted_stays() throws SQLException {
        Scans good = Scans.scan().at(Instant.now().minusSeconds(120)).hostResult("2.2", ResultStatus.pass);
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .body(good.json())
                .post("/api/v1/scans")
                .then()
                .statusCode(201);
        String bad = Scans.scan()
                .host(good.hostId())
                .at(Instant.now().minusSeconds(60))
                .hostResult("2.2", ResultStatus.fail)
                .containerResult("web", "5.5", ResultStatus.fail)
                .json()
                .replace("\"seen fail\",\"remediation\"", "\"" + "y".repeat(9000) + "\",\"remediation\"");
        post(bad).statusCode(400);
        assertThat(count("select count(*) from scan where tenant_id = ?")).isEqualTo(1);
        assertThat(
                        count(
                                "select count(*) from control_state where tenant_id = ? and status = 'pass' and valid_to is null"))
                .isEqualTo(1);
        assertThat(count("select count(*) from asset where tenant_id = ? and kind = 'container'"))
                .isZero();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "docker-bench, docker-bench-security/log-v1.6.0_EXCERPT.json",
        "docker-bench, docker-bench-security/defectdojo_docker-bench-report-many-vulns.json",
        "trivy, trivy/defectdojo_misconfigurations_and_secrets.json",
        "trivy, trivy/trivy_compliance_report_testdata_all.json",
        "trivy, trivy/trivy_integration_alpine-310.json",
        "trivy, trivy/trivy_integration_dockerfile.json",
        "kube-bench, kube-bench/defectdojo_kube-bench-report-one-vuln.json",
        "kube-bench, kube-bench/kube-bench_cmd-testdata_result.json",
        "hdf, inspec-hdf/heimdall2_small_overrides_hdf_TRIMMED.json",
        "hdf, inspec-hdf/inspec_test-fixtures-reporters_json_output.json",
    })
    void every_importer_stores_every_reference_sample_once(String format, String sample) throws IOException {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/wire/samples/" + sample)) {
            assertThat(in).as(sample).isNotNull();
            body = in.readAllBytes();
        }
        String host = "imported-" + UUID.randomUUID().toString().substring(0, 8);
        String scannedAt =
                Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS).toString();
        for (int expected : new int[] {201, 200}) {
            given().auth()
                    .oauth2(collector)
                    .contentType("application/json")
                    .queryParam("host", host)
                    .queryParam("scannedAt", scannedAt)
                    .body(new String(body, StandardCharsets.UTF_8))
                    .post("/api/v1/imports/" + format)
                    .then()
                    .statusCode(expected);
        }
    }

    long count(String query) throws SQLException {
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement sql = db.prepareStatement(query)) {
            sql.setObject(1, tenant.id());
            try (ResultSet row = sql.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
