package dev.plimsoll.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.resilience.ConsistencyChecker;
import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Through the real endpoint and database: the same scans posted in time order to one tenant and
 * shuffled (spooled scans arriving late) to another give the same intervals and the same rollups.
 */
@QuarkusTest
class ArrivalOrderTest {

    @Inject
    ConsistencyChecker consistency;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void shuffled_arrival_gives_the_intervals_and_rollups_of_arrival_in_time_order(long seed) throws SQLException {
        Random random = new Random(seed);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(6, ChronoUnit.DAYS);
        List<Scans> scans = new ArrayList<>();
        ResultStatus[] statuses = {ResultStatus.pass, ResultStatus.fail, ResultStatus.warn};
        // From seed 7 on, some scans leave a control out.
        boolean leaveOut = seed > 6;
        for (int i = 0; i < 7; i++) {
            Scans scan = Scans.scan().host("order-host").at(start.plus(i * 17L, ChronoUnit.HOURS));
            scan.hostResult("2.2", statuses[random.nextInt(3)]);
            if (!leaveOut || random.nextInt(4) > 0) {
                scan.hostResult("2.3", statuses[random.nextInt(3)]);
            }
            for (String container : List.of("web", "db", "cache")) {
                if (random.nextInt(10) < 7) {
                    scan.containerResult(container, "5.5", statuses[random.nextInt(3)]);
                    scan.containerResult(container, "5.10", statuses[random.nextInt(3)]);
                }
            }
            scans.add(scan);
        }
        Fixtures.TenantFixture inOrder = Fixtures.tenant();
        Fixtures.TenantFixture shuffled = Fixtures.tenant();
        String first = inOrder.collector(inOrder.team("ops"));
        String second = shuffled.collector(shuffled.team("ops"));
        for (Scans scan : scans) {
            post(first, scan.json());
        }
        List<Scans> arrival = new ArrayList<>(scans);
        Collections.shuffle(arrival, random);
        for (Scans scan : arrival) {
            post(second, scan.json());
        }
        // Then, to both, in time order: the newest scan again, without its web container, and again.
        Scans newest = scans.get(scans.size() - 1);
        Instant after = newest.time();
        for (Scans scan : List.of(
                newest.again(after.plus(1, ChronoUnit.HOURS)),
                newest.again(after.plus(2, ChronoUnit.HOURS)).withoutContainer("web"),
                newest.again(after.plus(3, ChronoUnit.HOURS)))) {
            post(first, scan.json());
            post(second, scan.json());
        }
        if (leaveOut) {
            // Where an interval's scans left its control out between two sightings, intervals do not
            // keep the gap: a late scan rebuilding the interval takes the host's scans inside its
            // sightings for sightings, so only the last sighting may differ from arrival in order.
            assertThat(withoutLastSighting(intervals(shuffled.id())))
                    .isEqualTo(withoutLastSighting(intervals(inOrder.id())));
        } else {
            assertThat(intervals(shuffled.id())).isEqualTo(intervals(inOrder.id()));
        }
        assertThat(rollups(shuffled.id())).isEqualTo(rollups(inOrder.id()));
        assertThat(rollups(inOrder.id())).isEqualTo(recomputedRollups(inOrder.id()));
        assertThat(gone(shuffled.id())).isEqualTo(gone(inOrder.id()));
        assertThat(consistency.check(inOrder.id()).differences()).isEmpty();
        assertThat(consistency.check(shuffled.id()).differences()).isEmpty();
    }

    static void post(String token, String json) {
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(json)
                .post("/api/v1/scans")
                .then()
                .statusCode(201);
    }

    static List<String> intervals(UUID tenant) throws SQLException {
        return rows(
                tenant,
                "select case a.kind when 'host' then 'host' else a.name end || ' ' || cs.control_id || ' '"
                        + " || cs.status || ' ' || cs.valid_from || ' ' || coalesce(cs.valid_to::text, 'open') || ' '"
                        + " || coalesce(cs.close_reason, '') || ' last ' || coalesce(cs.last_seen, s.last_seen) || ' '"
                        + " || coalesce(cs.evidence, '')"
                        + " from control_state cs join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id"
                        + " left join asset_seen s on s.tenant_id = cs.tenant_id and s.asset_id = cs.asset_id"
                        + " and s.benchmark_id = cs.benchmark_id"
                        + " where cs.tenant_id = ? order by 1");
    }

    static List<String> withoutLastSighting(List<String> intervals) {
        return intervals.stream().map(i -> i.replaceAll(" last \\S+ \\S+", "")).toList();
    }

    static List<String> rollups(UUID tenant) throws SQLException {
        return rows(
                tenant,
                "select day || ' ' || control_id || ' ' || passed || ' ' || failed || ' ' || other"
                        + " from posture_rollup_daily where tenant_id = ? and (passed, failed, other) <> (0, 0, 0) order by 1");
    }

    /** What the daily rollups are by definition: the intervals covering the end of each day. */
    static List<String> recomputedRollups(UUID tenant) throws SQLException {
        return rows(
                tenant,
                "select d.day || ' ' || cs.control_id || ' '"
                        + " || count(*) filter (where cs.status = 'pass') || ' '"
                        + " || count(*) filter (where cs.status in ('fail', 'warn')) || ' '"
                        + " || count(*) filter (where cs.status not in ('pass', 'fail', 'warn'))"
                        + " from (select g::date as day from generate_series(current_date - 7, current_date, interval '1 day') g) d"
                        + " join control_state cs on cs.tenant_id = ? and cs.valid_from < (d.day + 1)::timestamp at time zone 'UTC'"
                        + " and (cs.valid_to is null or cs.valid_to >= (d.day + 1)::timestamp at time zone 'UTC')"
                        + " group by d.day, cs.control_id order by 1");
    }

    static List<String> gone(UUID tenant) throws SQLException {
        return rows(
                tenant,
                "select name || ' ' || coalesce(gone_at::text, 'present') from asset"
                        + " where tenant_id = ? and kind = 'container' order by 1");
    }

    static List<String> rows(UUID tenant, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement sql = db.prepareStatement(query)) {
            sql.setObject(1, tenant);
            try (ResultSet row = sql.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1));
                }
            }
        }
        return rows;
    }
}
