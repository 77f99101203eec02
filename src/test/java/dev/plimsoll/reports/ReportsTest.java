package dev.plimsoll.reports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.collector.cli.Cli;
import dev.plimsoll.collector.cli.Environment;
import dev.plimsoll.collector.cli.ExitCode;
import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reports: generated in every format, with the dashboards' numbers, signed, verifiable, per role. */
@QuarkusTest
class ReportsTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** A tenant with two teams; web-01 (payments) has a container; db-01 belongs to platform. */
    static final class Fleet {
        final Fixtures.TenantFixture tenant = Fixtures.tenant();
        final UUID payments = tenant.team("payments");
        final UUID platform = tenant.team("platform");
        final Instant start = NOW.minus(3, ChronoUnit.DAYS);
        final UUID web = asset(payments, "host", "web-01", null);
        final UUID api = asset(payments, "container", "api", web);
        final UUID db = asset(platform, "host", "db-01", null);

        Fleet() {
            scan(web, payments, NOW.minus(1, ChronoUnit.HOURS));
            scan(db, platform, NOW.minus(1, ChronoUnit.HOURS));
            state(web, payments, "2.1", "pass", "icc=false");
            state(web, payments, "2.2", "fail", "=HYPERLINK(\"http://evil.example\",\"x\")");
            state(web, payments, "2.3", "warn", "@SUM(1+1)");
            state(web, payments, "2.4", "info", null);
            state(api, payments, "5.5", "fail", "HostConfig.Privileged=true");
            state(api, payments, "5.1", "pass", "-cmd");
            state(db, platform, "2.1", "fail", "+1 daemon.json missing");
        }

        UUID asset(UUID team, String kind, String name, UUID host) {
            UUID id = UUID.randomUUID();
            Fixtures.update(
                    "insert into asset (tenant_id, id, team_id, kind, natural_key, host_id, name, first_seen, last_seen)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    tenant.id(),
                    id,
                    team,
                    kind,
                    kind + "-" + id,
                    host,
                    name,
                    Timestamp.from(start),
                    Timestamp.from(NOW));
            return id;
        }

        void scan(UUID host, UUID team, Instant at) {
            Fixtures.update(
                    "insert into scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version, started_at, finished_at,"
                            + " result_count, passed, failed, content_sha256) values (?, ?, ?, ?, 'native', 'cis-docker', '1.6.0', ?, ?, 0, 0, 0, '\\x00')",
                    tenant.id(),
                    UUID.randomUUID(),
                    team,
                    host,
                    Timestamp.from(at),
                    Timestamp.from(at));
        }

        void state(UUID asset, UUID team, String control, String status, String evidence) {
            Fixtures.update(
                    "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from, valid_to, team_id,"
                            + " status, evidence, last_seen, opened_by_scan) values (?, ?, 'cis-docker', '1.6.0', ?, ?, null, ?, ?, ?, ?, ?)",
                    tenant.id(),
                    asset,
                    control,
                    Timestamp.from(start),
                    team,
                    status,
                    evidence,
                    Timestamp.from(NOW),
                    UUID.randomUUID());
        }
    }

    static String request(String token, Map<String, Object> body) {
        var response = given().auth()
                .oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/reports")
                .then()
                .statusCode(202)
                .extract();
        String id = response.path("id");
        assertThat(response.header("Location")).endsWith("/api/v1/reports/" + id);
        return id;
    }

    static JsonPath awaitDone(String token, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonPath report = given().auth()
                    .oauth2(token)
                    .get("/api/v1/reports/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String state = report.getString("state");
            assertThat(state).isIn("queued", "running", "done");
            if (state.equals("done")) {
                assertThat(report.getInt("progress")).isEqualTo(100);
                return report;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("report " + id + " not done in time");
    }

    static byte[] download(String token, String id) {
        return given().auth()
                .oauth2(token)
                .get("/api/v1/reports/" + id + "/file")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
    }

    @Test
    void a_pdf_report_renders_to_pages_and_shows_the_numbers_of_the_posture_api() throws Exception {
        Fleet fleet = new Fleet();
        String auditor = fleet.tenant.member("auditor");
        JsonPath posture = given().auth()
                .oauth2(auditor)
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String id = request(auditor, Map.of("format", "pdf", "evidence", true));
        awaitDone(auditor, id);
        byte[] pdf = download(auditor, id);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        Path dir = Files.createTempDirectory("report-pdf");
        Path file = dir.resolve("report.pdf");
        Files.write(file, pdf);
        run(
                dir,
                "pdftoppm",
                "-r",
                "40",
                "-png",
                file.toString(),
                dir.resolve("page").toString());
        try (var pages = Files.list(dir)) {
            assertThat(pages.filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(5);
        }
        run(
                dir,
                "pdftotext",
                "-layout",
                file.toString(),
                dir.resolve("report.txt").toString());
        // The font's ligatures (ﬁ) read back as one character: fold them as a reader would.
        String text = java.text.Normalizer.normalize(
                        Files.readString(dir.resolve("report.txt")), java.text.Normalizer.Form.NFKC)
                .replaceAll("\\s+", " ");
        assertThat(posture.getString("score")).isNotNull();
        assertThat(text)
                .contains(posture.getString("score") + " %")
                .contains("Passed " + posture.getLong("passed"))
                .contains("Failed (fail and warn) " + posture.getLong("failed"))
                .contains(id)
                .contains("web-01")
                .contains("db-01")
                .contains("HostConfig.Privileged=true")
                .contains("Container-security checklist");
        // 2 pass, 4 failing (fail or warn) across both teams; info does not count.
        assertThat(posture.getLong("passed")).isEqualTo(2);
        assertThat(posture.getLong("failed")).isEqualTo(4);
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    @Test
    void a_csv_report_has_one_row_per_asset_and_control_and_no_cell_starts_a_formula() throws Exception {
        Fleet fleet = new Fleet();
        String manager = fleet.tenant.member("security-manager");
        String id = request(manager, Map.of("format", "csv"));
        awaitDone(manager, id);
        String csv = new String(download(manager, id), StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", ReportWriters.CSV_COLUMNS));
        assertThat(lines).hasSize(1 + 7);
        assertThat(csv)
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"")
                .contains("'@SUM(1+1)")
                .contains("'-cmd")
                .contains("'+1 daemon.json missing");
        for (String line : lines) {
            for (String cell : line.split(",")) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("@").doesNotStartWith("+");
            }
        }
    }

    @Test
    void an_approved_exception_marks_its_results_in_csv_and_json_and_lifts_the_score_with_exceptions()
            throws Exception {
        Fleet fleet = new Fleet();
        // The remediation item of the failing container control (the workflow opens it from a scan).
        Fixtures.update(
                "insert into remediation_item (tenant_id, id, team_id, asset_id, benchmark_id, benchmark_version,"
                        + " control_id, group_key, severity, state, opened_at, due_at)"
                        + " values (?, ?, ?, ?, 'cis-docker', '1.6.0', '5.5', 'api', 'critical', 'open', ?, ?)",
                fleet.tenant.id(),
                UUID.randomUUID(),
                fleet.payments,
                fleet.api,
                Timestamp.from(fleet.start),
                Timestamp.from(fleet.start.plus(1, ChronoUnit.DAYS)));
        String member = fleet.tenant.member("team-member", fleet.payments);
        String manager = fleet.tenant.member("security-manager");
        String exception = given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "team", "payments",
                        "control", "5.5",
                        "scope", "container",
                        "pattern", "ap*",
                        "justification", "The api container needs privileges until the driver ships",
                        "expiresAt", NOW.plus(30, ChronoUnit.DAYS).toString()))
                .post("/api/v1/exceptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().auth()
                .oauth2(manager)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "checked"))
                .post("/api/v1/exceptions/" + exception + "/approve")
                .then()
                .statusCode(200);

        String csvId = request(manager, Map.of("format", "csv"));
        awaitDone(manager, csvId);
        List<String> lines = new String(download(manager, csvId), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(lines).filteredOn(l -> l.endsWith("," + exception)).hasSize(1);
        assertThat(lines.stream()
                        .filter(l -> l.endsWith("," + exception))
                        .findFirst()
                        .orElseThrow())
                .contains(",api,")
                .contains(",5.5,");

        String jsonId = request(manager, Map.of("format", "json"));
        awaitDone(manager, jsonId);
        String jsonText = new String(download(manager, jsonId), StandardCharsets.UTF_8);
        assertThat(SchemaCheck.errors("/reports/report-1.schema.json", jsonText))
                .isEmpty();
        JsonPath json = JsonPath.from(jsonText);
        assertThat(json.getList("results.findAll { it.exception != null }.control"))
                .containsExactly("5.5");
        assertThat(json.getString("results.find { it.exception != null }.exception"))
                .isEqualTo(exception);
        assertThat(json.getLong("summary.excepted")).isEqualTo(1);
        assertThat(json.getList("exceptions.justification"))
                .containsExactly("The api container needs privileges until the driver ships");
        assertThat(json.getList("exceptions.state")).containsExactly("approved");
        // 2 passed, 4 failed of which 1 excepted: raw 2 / 6, with exceptions 2 / (2 + 3).
        assertThat(json.getDouble("summary.score")).isEqualTo(33.33);
        assertThat(json.getDouble("summary.scoreWithExceptions")).isEqualTo(40.0);

        // A scope the dashboards do not have (one host) counts the excepted results from its rows.
        String hostId = request(manager, Map.of("format", "json", "hosts", List.of("web-01")));
        awaitDone(manager, hostId);
        JsonPath host = JsonPath.from(new String(download(manager, hostId), StandardCharsets.UTF_8));
        assertThat(host.getString("summary.source")).isEqualTo("rows");
        assertThat(host.getLong("summary.excepted")).isEqualTo(1);
        // 2 passed, 3 failed of which 1 excepted.
        assertThat(host.getDouble("summary.scoreWithExceptions")).isEqualTo(50.0);

        String oscalId = request(manager, Map.of("format", "oscal"));
        awaitDone(manager, oscalId);
        String oscalText = new String(download(manager, oscalId), StandardCharsets.UTF_8);
        assertThat(SchemaCheck.errors("/oscal/oscal_assessment-results_schema.json", oscalText))
                .isEmpty();
        assertThat(
                        JsonPath.from(oscalText)
                                .getList(
                                        "'assessment-results'.results[0].observations.props.flatten().findAll { it.name == 'exception' }.value"))
                .containsExactly(exception);

        // An overdue item of a failing host control, not covered by the exception.
        Fixtures.update(
                "insert into remediation_item (tenant_id, id, team_id, asset_id, benchmark_id, benchmark_version,"
                        + " control_id, group_key, severity, state, opened_at, due_at, assignee)"
                        + " values (?, ?, ?, ?, 'cis-docker', '1.6.0', '2.2', 'web-01', 'high', 'in_progress', ?, ?,"
                        + " 'ops@acme.example')",
                fleet.tenant.id(),
                UUID.randomUUID(),
                fleet.payments,
                fleet.web,
                Timestamp.from(fleet.start),
                Timestamp.from(fleet.start.plus(2, ChronoUnit.DAYS)));
        String pdfId = request(manager, Map.of("format", "pdf"));
        awaitDone(manager, pdfId);
        Path dir = Files.createTempDirectory("report-exceptions");
        Path file = dir.resolve("report.pdf");
        Files.write(file, download(manager, pdfId));
        run(dir, "pdftotext", file.toString(), dir.resolve("report.txt").toString());
        String text = Files.readString(dir.resolve("report.txt")).replaceAll("\\s+", " ");
        assertThat(text)
                .contains("Exceptions")
                .contains("driver ships")
                .contains("Remediation status")
                .contains("Overdue items")
                .contains("cis-docker 2.2")
                .contains("ops@acme.example")
                .doesNotContain("No item is overdue");
    }

    @Test
    void csv_cells_beginning_with_a_formula_character_are_neutralised() {
        for (String dangerous : List.of("=1+1", "+1", "-1", "@A1", "\tx", "\rx")) {
            String cell = CsvCells.cell(dangerous);
            String unquoted = cell.startsWith("\"") ? cell.substring(1) : cell;
            assertThat(unquoted).as(dangerous).startsWith("'");
        }
        assertThat(CsvCells.cell("plain")).isEqualTo("plain");
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @Test
    void json_and_oscal_reports_carry_every_result_and_are_valid_against_their_schemas() throws Exception {
        Fleet fleet = new Fleet();
        String auditor = fleet.tenant.member("auditor");
        String jsonId = request(auditor, Map.of("format", "json", "teams", List.of("payments")));
        awaitDone(auditor, jsonId);
        String jsonText = new String(download(auditor, jsonId), StandardCharsets.UTF_8);
        assertThat(SchemaCheck.errors("/reports/report-1.schema.json", jsonText))
                .isEmpty();
        JsonPath json = JsonPath.from(jsonText);
        assertThat(json.getString("reportId")).isEqualTo(jsonId);
        assertThat(json.getList("results")).hasSize(6);
        assertThat(json.getLong("summary.passed")).isEqualTo(2);
        assertThat(json.getLong("summary.failed")).isEqualTo(3);
        assertThat(json.getList("scope.teams")).containsExactly("payments");

        String oscalId = request(auditor, Map.of("format", "oscal"));
        awaitDone(auditor, oscalId);
        String oscalText = new String(download(auditor, oscalId), StandardCharsets.UTF_8);
        assertThat(SchemaCheck.errors("/oscal/oscal_assessment-results_schema.json", oscalText))
                .isEmpty();
        JsonPath oscal = JsonPath.from(oscalText);
        assertThat(oscal.getString("'assessment-results'.uuid")).isEqualTo(oscalId);
        assertThat(oscal.getString("'assessment-results'.metadata.'oscal-version'"))
                .isEqualTo("1.1.2");
        assertThat(oscal.getList("'assessment-results'.results[0].observations"))
                .hasSize(7);
        assertThat(oscal.getList("'assessment-results'.results[0].findings.title"))
                .anyMatch(t -> t.toString().startsWith("cis-docker 5.5"));
    }

    @Test
    void a_genuine_report_verifies_and_one_changed_byte_does_not() throws Exception {
        Fleet fleet = new Fleet();
        String auditor = fleet.tenant.member("auditor");
        String id = request(auditor, Map.of("format", "csv"));
        awaitDone(auditor, id);
        byte[] file = download(auditor, id);
        given().auth()
                .oauth2(auditor)
                .contentType("application/octet-stream")
                .body(file)
                .post("/api/v1/reports/verify")
                .then()
                .statusCode(200)
                .body("valid", org.hamcrest.Matchers.equalTo(true))
                .body("reportId", org.hamcrest.Matchers.equalTo(id));
        byte[] altered = file.clone();
        altered[altered.length / 2] ^= 1;
        given().auth()
                .oauth2(auditor)
                .contentType("application/octet-stream")
                .body(altered)
                .post("/api/v1/reports/verify")
                .then()
                .statusCode(200)
                .body("valid", org.hamcrest.Matchers.equalTo(false))
                .body("reason", org.hamcrest.Matchers.notNullValue());
        // Another tenant cannot confirm this tenant's report (and learns nothing of it).
        Fleet other = new Fleet();
        given().auth()
                .oauth2(other.tenant.member("auditor"))
                .contentType("application/octet-stream")
                .body(file)
                .post("/api/v1/reports/verify")
                .then()
                .statusCode(200)
                .body("valid", org.hamcrest.Matchers.equalTo(false))
                .body("reportId", org.hamcrest.Matchers.nullValue());

        // Offline, with the collector: the signature and the public key as downloaded.
        Path dir = Files.createTempDirectory("report-verify");
        Files.write(dir.resolve("report.csv"), file);
        Files.write(dir.resolve("altered.csv"), altered);
        Files.writeString(
                dir.resolve("report.sig"),
                given().auth()
                        .oauth2(auditor)
                        .get("/api/v1/reports/" + id + "/signature")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        Files.writeString(
                dir.resolve("key.json"),
                given().auth()
                        .oauth2(auditor)
                        .get("/api/v1/reports/signing-key")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(cli(
                        "verify",
                        "--signature",
                        dir.resolve("report.sig").toString(),
                        "--public-key",
                        dir.resolve("key.json").toString(),
                        dir.resolve("report.csv").toString()))
                .isEqualTo(ExitCode.OK);
        assertThat(cli(
                        "verify",
                        "--signature",
                        dir.resolve("report.sig").toString(),
                        "--public-key",
                        dir.resolve("key.json").toString(),
                        dir.resolve("altered.csv").toString()))
                .isEqualTo(ExitCode.CHECKS_FAILED);
        Files.writeString(
                dir.resolve("other.json"),
                given().auth()
                        .oauth2(other.tenant.member("auditor"))
                        .get("/api/v1/reports/signing-key")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(cli(
                        "verify",
                        "--signature",
                        dir.resolve("report.sig").toString(),
                        "--public-key",
                        dir.resolve("other.json").toString(),
                        dir.resolve("report.csv").toString()))
                .isEqualTo(ExitCode.CHECKS_FAILED);
    }

    private static ExitCode cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Environment environment = new Environment(
                java.io.InputStream.nullInputStream(),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                null,
                null,
                Map.of());
        return new Cli(environment).run(args);
    }

    @Test
    void a_team_member_exports_only_their_own_teams_and_sees_only_their_own_reports() throws Exception {
        Fleet fleet = new Fleet();
        String member = fleet.tenant.member("team-member", fleet.payments);
        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(Map.of("format", "csv", "teams", List.of("platform")))
                .post("/api/v1/reports")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(Map.of("format", "csv", "hosts", List.of("db-01")))
                .post("/api/v1/reports")
                .then()
                .statusCode(404);
        String own = request(member, Map.of("format", "csv"));
        awaitDone(member, own);
        String csv = new String(download(member, own), StandardCharsets.UTF_8);
        assertThat(csv).contains("web-01").doesNotContain("db-01");

        String auditor = fleet.tenant.member("auditor");
        String auditorsReport = request(auditor, Map.of("format", "csv"));
        given().auth()
                .oauth2(member)
                .get("/api/v1/reports/" + auditorsReport)
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(member)
                .get("/api/v1/reports")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
        given().auth()
                .oauth2(auditor)
                .get("/api/v1/reports")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void a_report_request_is_written_to_the_audit_trail_with_its_format_and_scope() {
        Fleet fleet = new Fleet();
        String auditor = fleet.tenant.member("auditor");
        String id = request(auditor, Map.of("format", "csv", "teams", List.of("platform")));
        JsonPath events = given().auth()
                .oauth2(auditor)
                .queryParam("action", "report.requested")
                .get("/api/v1/audit-events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(events.getList("items.targetId")).containsExactly(id);
        assertThat(events.getString("items[0].targetType")).isEqualTo("report");
        assertThat(events.getString("items[0].after.format")).isEqualTo("csv");
        assertThat(events.getString("items[0].after.scope")).contains("platform");
        assertThat(events.getString("items[0].actorKind")).isEqualTo("user");
    }

    @jakarta.inject.Inject
    ReportWorker worker;

    @Test
    void reports_past_the_tenants_retention_are_pruned_and_no_others() throws Exception {
        Fleet fleet = new Fleet();
        Fleet other = new Fleet();
        String auditor = fleet.tenant.member("auditor");
        String kept = request(auditor, Map.of("format", "csv"));
        String expired = request(auditor, Map.of("format", "csv"));
        String othersKept = request(other.tenant.member("auditor"), Map.of("format", "csv"));
        awaitDone(auditor, kept);
        awaitDone(auditor, expired);
        // The retention is the tenant's (400 days by default), counted from the request.
        assertThat(JsonPath.from(given().auth()
                                .oauth2(auditor)
                                .get("/api/v1/reports/" + kept)
                                .asString())
                        .getString("expiresAt"))
                .startsWith(Instant.now().plus(400, ChronoUnit.DAYS).toString().substring(0, 10));
        Fixtures.update(
                "update report set expires_at = now() - interval '1 second' where id = ?", UUID.fromString(expired));
        assertThat(worker.pruneExpired()).isGreaterThanOrEqualTo(1);
        given().auth().oauth2(auditor).get("/api/v1/reports/" + expired).then().statusCode(404);
        given().auth()
                .oauth2(auditor)
                .get("/api/v1/reports/" + kept + "/file")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(other.tenant.member("auditor"))
                .get("/api/v1/reports/" + othersKept)
                .then()
                .statusCode(200);
    }

    @Test
    void a_report_of_chosen_hosts_counts_only_those_hosts_and_bad_input_names_the_field() throws Exception {
        Fleet fleet = new Fleet();
        String auditor = fleet.tenant.member("auditor");
        String id =
                request(auditor, Map.of("format", "json", "hosts", List.of("db-01"), "benchmark", "cis-docker:1.6.0"));
        awaitDone(auditor, id);
        JsonPath json = JsonPath.from(new String(download(auditor, id), StandardCharsets.UTF_8));
        assertThat(json.getString("summary.source")).isEqualTo("rows");
        assertThat(json.getLong("summary.passed")).isZero();
        assertThat(json.getLong("summary.failed")).isEqualTo(1);
        assertThat(json.getList("results")).hasSize(1);
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(Map.of("format", "docx"))
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/format"));
        given().auth()
                .oauth2(auditor)
                .contentType(ContentType.JSON)
                .body(Map.of("format", "csv", "benchmark", "cis-docker:9.9"))
                .post("/api/v1/reports")
                .then()
                .statusCode(400);
    }
}
