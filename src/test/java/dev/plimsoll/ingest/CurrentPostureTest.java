package dev.plimsoll.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The current posture is read from a running tally kept by the database as intervals are written;
 * a past instant is read from the intervals. After random histories (late scans, containers that
 * come and go, a host that stopped reporting) both must give the same numbers now, and the tally
 * must equal a recount from the open intervals.
 */
@QuarkusTest
class CurrentPostureTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14})
    void the_current_posture_from_the_tally_equals_the_posture_from_the_intervals(long seed) throws SQLException {
        Random random = new Random(seed);
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        UUID ops = tenant.team("ops");
        UUID web = tenant.team("web");
        String opsCollector = tenant.collector(ops);
        String webCollector = tenant.collector(web);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(12, ChronoUnit.DAYS);
        ResultStatus[] statuses = {ResultStatus.pass, ResultStatus.fail, ResultStatus.warn, ResultStatus.info};
        List<Map.Entry<String, Scans>> scans = new ArrayList<>();
        for (String host : List.of("ops-1", "ops-2", "web-1", "old-host")) {
            // old-host reports only in the first days: it is stale now.
            int days = host.equals("old-host") ? 3 : 12;
            for (int i = 0; i < days; i++) {
                Scans scan = Scans.scan()
                        .host(host)
                        .at(start.plus(i, ChronoUnit.DAYS).plusSeconds(random.nextInt(3600)));
                scan.hostResult("2.2", statuses[random.nextInt(4)]).hostResult("1.1.1", statuses[random.nextInt(4)]);
                for (String container : List.of("app", "db", "cache")) {
                    if (random.nextInt(10) < 7) {
                        scan.containerResult(container, "5.5", statuses[random.nextInt(4)]);
                        scan.containerResult(container, "5.10", statuses[random.nextInt(4)]);
                    }
                }
                scans.add(Map.entry(host.startsWith("web") ? webCollector : opsCollector, scan));
            }
        }
        Collections.shuffle(scans, random);
        for (Map.Entry<String, Scans> scan : scans) {
            ArrivalOrderTest.post(scan.getKey(), scan.getValue().json());
        }

        String manager = tenant.member("security-manager");
        String now = Instant.now().toString();
        for (String team : new String[] {null, "ops", "web"}) {
            JsonPath fromTally = posture(manager, team, null);
            JsonPath fromIntervals = posture(manager, team, now);
            for (String field : List.of("score", "passed", "failed", "assets", "stale", "sections", "staleAssets")) {
                assertThat((Object) fromTally.get(field))
                        .as(field + " of " + (team == null ? "the tenant" : team))
                        .isEqualTo(fromIntervals.get(field));
            }
        }
        assertThat(posture(manager, null, null).getInt("stale")).isPositive();
        assertThat(tally(tenant.id(), false)).isEqualTo(tally(tenant.id(), true));
    }

    static JsonPath posture(String token, String team, String asOf) {
        var request = given().auth().oauth2(token);
        if (team != null) {
            request = request.queryParam("team", team);
        }
        if (asOf != null) {
            request = request.queryParam("asOf", asOf);
        }
        return request.get("/api/v1/posture").then().statusCode(200).extract().jsonPath();
    }

    /** The tally's non-empty rows, as kept or as recounted from the open intervals. */
    static List<String> tally(UUID tenant, boolean recount) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl())) {
            db.setAutoCommit(false);
            try (PreparedStatement set = db.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            if (recount) {
                try (Statement sql = db.createStatement()) {
                    sql.execute("select plimsoll_rebuild_tally()");
                }
            }
            try (PreparedStatement query = db.prepareStatement("select team_id, scanned_by, benchmark_id, section,"
                    + " passed, failed, other from posture_tally where tenant_id = ?"
                    + " and (passed <> 0 or failed <> 0 or other <> 0) order by 1, 2, 3, 4"); ) {
                query.setObject(1, tenant);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
                                + row.getString(4) + " " + row.getInt(5) + "/" + row.getInt(6) + "/" + row.getInt(7));
                    }
                }
            }
            db.rollback();
        }
        return rows;
    }
}
