package dev.plimsoll.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The hourly job that carries a quiet team's rollups over the days without scans writes a new
 * point of its tenant's trends: the tenant's dashboards are computed afresh after it, the others
 * keep theirs.
 */
@QuarkusTest
class RollupCarryForwardTest {

    @Inject
    RollupJob rollups;

    record Trend(String computedAt, List<Integer> failed) {}

    @Test
    void carrying_a_quiet_teams_days_forward_makes_its_tenants_next_trend_fresh_and_keeps_the_others()
            throws InterruptedException {
        Fixtures.TenantFixture quiet = Fixtures.tenant();
        UUID quietTeam = quiet.team("quiet");
        Fixtures.TenantFixture busy = Fixtures.tenant();
        UUID busyTeam = busy.team("busy");
        Instant at = Instant.now().minusSeconds(30);
        ArrivalOrderTest.post(
                quiet.collector(quietTeam),
                Scans.scan()
                        .host("q-1")
                        .at(at)
                        .hostResult("2.2", ResultStatus.fail)
                        .json());
        ArrivalOrderTest.post(
                busy.collector(busyTeam),
                Scans.scan()
                        .host("b-1")
                        .at(at)
                        .hostResult("2.2", ResultStatus.fail)
                        .json());
        String quietManager = quiet.member("security-manager");
        String busyManager = busy.member("security-manager");
        // As for a team that last scanned yesterday: its last rollup is yesterday's.
        Fixtures.update("update posture_rollup_daily set day = day - 1 where tenant_id = ?", quiet.id());

        Trend before = trend(quietManager);
        Trend busyBefore = trend(busyManager);
        assertThat(trend(quietManager)).as("served from the cache").isEqualTo(before);
        Thread.sleep(5);

        rollups.carryForward();

        Trend after = trend(quietManager);
        assertThat(Instant.parse(after.computedAt())).isAfter(Instant.parse(before.computedAt()));
        assertThat(after.failed().get(after.failed().size() - 1))
                .as("today's point")
                .isEqualTo(1);
        assertThat(trend(busyManager)).isEqualTo(busyBefore);
    }

    static Trend trend(String token) {
        Response answer = given().auth().oauth2(token).get("/api/v1/posture/trend");
        assertThat(answer.statusCode()).isEqualTo(200);
        return new Trend(
                answer.header("Plimsoll-Computed-At"), answer.jsonPath().getList("points.failed"));
    }
}
