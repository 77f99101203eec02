package dev.plimsoll.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Remediation items driven by real scans: opened by a failure, resolved by a passing scan, regressed. */
@QuarkusTest
class RemediationFromScansTest {

    final Fixtures.TenantFixture tenant = Fixtures.tenant();
    final UUID team = tenant.team("ops");
    final String collector = tenant.collector(team);
    final String manager = tenant.member(Roles.SECURITY_MANAGER);
    final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);

    @Test
    void a_failing_scan_opens_an_item_a_passing_one_resolves_it_with_proof_and_a_new_failure_regresses_it() {
        String host = "h-" + UUID.randomUUID();
        scan(host, 0, ResultStatus.fail);
        given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-items")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].control", equalTo("2.2"))
                .body("items[0].state", equalTo("open"))
                // A first scan's failures are opened from what the scan says, not read back: as it says.
                .body("items[0].openedAt", equalTo(base.toString()))
                .body("items[0].benchmarkVersion", equalTo("1.6.0"))
                .body("items[0].asset.kind", equalTo("host"))
                .body("items[0].group", equalTo("host " + host));

        String fix = scan(host, 10, ResultStatus.pass);
        given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-items")
                .then()
                .body("items[0].state", equalTo("resolved"))
                .body("items[0].resolvedByScan", equalTo(fix));

        scan(host, 20, ResultStatus.pass);
        given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-items")
                .then()
                .body("items[0].state", equalTo("resolved"))
                .body("items[0].resolvedByScan", equalTo(fix));

        scan(host, 30, ResultStatus.fail);
        given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-items")
                .then()
                .body("items", hasSize(1))
                .body("items[0].state", equalTo("regressed"))
                .body("items[0].regressions", equalTo(1));
    }

    @Test
    void a_late_scan_from_before_the_fix_does_not_reopen_the_item() {
        String host = "h-" + UUID.randomUUID();
        scan(host, 0, ResultStatus.fail);
        String fix = scan(host, 20, ResultStatus.pass);
        scan(host, 10, ResultStatus.fail);
        given().auth()
                .oauth2(manager)
                .get("/api/v1/remediation-items")
                .then()
                .body("items", hasSize(1))
                .body("items[0].state", equalTo("resolved"))
                .body("items[0].resolvedByScan", equalTo(fix));
    }

    String scan(String host, int minutes, ResultStatus status) {
        Scans scan = Scans.scan()
                .host(host)
                .at(base.plus(minutes, ChronoUnit.MINUTES))
                .hostResult("2.2", status);
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .body(scan.json())
                .post("/api/v1/scans")
                .then()
                .statusCode(201);
        return scan.scanId();
    }
}
