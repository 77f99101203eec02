package dev.plimsoll.resilience;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.Tokens;
import dev.plimsoll.wire.ResultStatus;
import dev.plimsoll.wire.ScanBenchmark;
import dev.plimsoll.wire.ScanCollector;
import dev.plimsoll.wire.ScanDocument;
import dev.plimsoll.wire.ScanHost;
import dev.plimsoll.wire.ScanJson;
import dev.plimsoll.wire.ScanResult;
import dev.plimsoll.wire.ScanTarget;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The consistency check recomputes intervals and rollups from the stored scans. */
@QuarkusTest
class ConsistencyTest {

    static final String DOCKER_BENCH_LOG =
            "{\"dockerbenchsecurity\":\"1.6.0\",\"start\":1700000000,\"tests\":[{\"id\":\"2\","
                    + "\"desc\":\"Docker daemon configuration\",\"results\":[{\"id\":\"2.2\",\"desc\":\"Ensure network traffic is"
                    + " restricted between containers on the default bridge\",\"result\":\"WARN\"}]}],\"checks\":1,\"score\":1,"
                    + "\"end\":1700000004}";

    final String operator = Tokens.operator("operator-" + UUID.randomUUID());

    static String scan(String host, Instant at, ResultStatus daemon, boolean withContainer) {
        List<ScanResult> results = new ArrayList<>();
        results.add(new ScanResult("2.2", daemon, ScanTarget.host(), "seen " + daemon, null));
        if (withContainer) {
            results.add(new ScanResult(
                    "5.4",
                    ResultStatus.fail,
                    ScanTarget.container("id-web", "web", "nginx:1.27", "sha256:" + "ab".repeat(32)),
                    "privileged",
                    "fix it"));
        }
        return ScanJson.write(new ScanDocument(
                UUID.randomUUID().toString(),
                ScanBenchmark.CIS_DOCKER_1_6_0,
                new ScanHost(host, host, "Debian 12", "27.3.1", Map.of()),
                new ScanCollector("plimsoll-collector", "test"),
                at.minusSeconds(4),
                at,
                results));
    }

    /** A tenant whose scans arrive out of order, with a container that goes away and an import. */
    Fixtures.TenantFixture tenantWithHistory() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        UUID team = tenant.team("ops");
        String collector = tenant.collector(team);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> scans = List.of(
                scan("h1", now.minus(3, ChronoUnit.DAYS), ResultStatus.pass, true),
                scan("h1", now.minus(1, ChronoUnit.DAYS), ResultStatus.fail, false),
                scan("h1", now.minus(2, ChronoUnit.DAYS), ResultStatus.pass, true),
                scan("h1", now.minus(1, ChronoUnit.HOURS), ResultStatus.fail, true),
                scan("h2", now.minus(2, ChronoUnit.DAYS), ResultStatus.warn, false));
        for (String body : scans) {
            given().auth()
                    .oauth2(collector)
                    .contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/v1/scans")
                    .then()
                    .statusCode(201);
        }
        given().auth()
                .oauth2(collector)
                .contentType(ContentType.JSON)
                .queryParam("host", "h3")
                .queryParam("scannedAt", now.minus(5, ChronoUnit.HOURS).toString())
                .body(DOCKER_BENCH_LOG)
                .post("/api/v1/imports/docker-bench")
                .then()
                .statusCode(201);
        return tenant;
    }

    /** The tenant's consistency report, as the operator reads it. */
    ValidatableResponse consistency(Fixtures.TenantFixture tenant) {
        return given().auth()
                .oauth2(operator)
                .get("/api/v1/tenants/" + tenant.slug() + "/consistency")
                .then()
                .statusCode(200);
    }

    @Test
    void a_tenant_whose_scans_arrived_out_of_order_is_consistent_with_its_replay() {
        Fixtures.TenantFixture tenant = tenantWithHistory();
        consistency(tenant)
                .body("consistent", equalTo(true))
                .body("scans", equalTo(6))
                .body("intervals.stored", greaterThan(4))
                .body("intervals.differing", equalTo(0))
                .body("rollups.recomputed", greaterThan(0))
                .body("rollups.differing", equalTo(0))
                .body("differences.size()", equalTo(0));
    }

    @Test
    void a_changed_interval_and_a_changed_rollup_are_reported() {
        Fixtures.TenantFixture tenant = tenantWithHistory();
        Fixtures.update(
                "update control_state set status = 'skip' where tenant_id = ? and control_id = '5.4' and valid_to is null",
                tenant.id());
        Fixtures.update(
                "update posture_rollup_daily set passed = passed + 7 where tenant_id = ? and control_id = '2.2'"
                        + " and day = (select max(day) from posture_rollup_daily where tenant_id = ?)",
                tenant.id(),
                tenant.id());
        consistency(tenant)
                .body("consistent", equalTo(false))
                .body("intervals.differing", equalTo(1))
                .body("rollups.differing", greaterThan(0))
                .body("differences.kind", hasItem("interval-different"))
                .body("differences.kind", hasItem("rollup-different"));
    }

    @Test
    void a_deleted_interval_is_reported_missing() {
        Fixtures.TenantFixture tenant = tenantWithHistory();
        Fixtures.update(
                "delete from control_state where tenant_id = ? and control_id = '2.2' and valid_to is not null",
                tenant.id());
        consistency(tenant).body("consistent", equalTo(false)).body("differences.kind", hasItem("interval-missing"));
    }

    @Test
    void a_remediation_item_of_no_asset_and_a_history_row_of_no_item_are_reported() {
        Fixtures.TenantFixture tenant = tenantWithHistory();
        consistency(tenant).body("consistent", equalTo(true));
        UUID nowhere = UUID.randomUUID();
        Fixtures.update(
                "update remediation_item set asset_id = ? where tenant_id = ? and control_id = '5.4'",
                nowhere,
                tenant.id());
        Fixtures.update(
                "insert into remediation_event (tenant_id, id, item_id, kind, actor)"
                        + " values (?, gen_random_uuid(), gen_random_uuid(), 'comment', 'someone')",
                tenant.id());
        consistency(tenant)
                .body("consistent", equalTo(false))
                .body("differences.kind", hasItem("item-orphaned"))
                .body("differences.kind", hasItem("event-orphaned"))
                .body("differences.recomputed", hasItem("asset " + nowhere));
    }

    @Test
    void an_unknown_tenant_is_not_found_and_people_of_a_tenant_may_not_check() {
        given().auth()
                .oauth2(operator)
                .get("/api/v1/tenants/no-such-tenant/consistency")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin", tenant.team("ops"));
        given().auth()
                .oauth2(admin)
                .get("/api/v1/tenants/" + tenant.slug() + "/consistency")
                .then()
                .statusCode(403);
    }
}
