package dev.plimsoll.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.web.WebLogin;
import dev.plimsoll.wire.ResultStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @OidcWireMock
    WireMockServer oidc;

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
        // Why the score moved up to now: the later side is the posture now, the earlier one the
        // posture from the intervals at the start, and the parts add up to the difference.
        String from = start.plus(5, ChronoUnit.DAYS).toString();
        for (String team : new String[] {null, "ops", "web"}) {
            var request = given().auth().oauth2(manager).queryParam("from", from);
            if (team != null) {
                request = request.queryParam("team", team);
            }
            JsonPath change = request.get("/api/v1/posture/changes")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            JsonPath before = posture(manager, team, from);
            JsonPath after = posture(manager, team, null);
            String which = team == null ? "the tenant" : team;
            assertThat(change.getLong("after.passed")).as(which).isEqualTo(after.getLong("passed"));
            assertThat(change.getLong("after.failed")).as(which).isEqualTo(after.getLong("failed"));
            assertThat(change.getLong("before.passed")).as(which).isEqualTo(before.getLong("passed"));
            assertThat(change.getLong("before.failed")).as(which).isEqualTo(before.getLong("failed"));
            assertThat(change.getLong("before.assets")).as(which).isEqualTo(before.getLong("assets"));
        }
        assertThat(tally(tenant.id(), false)).isEqualTo(tally(tenant.id(), true));
        for (String team : List.of("ops", "web")) {
            assertThat(failingOnTeamPage(tenant, "/app/teams/" + team))
                    .isNotEmpty()
                    .as("failing controls of " + team + " on its page, against the open intervals of live assets")
                    .isEqualTo(failingAt(tenant.id(), "ops".equals(team) ? ops : web, Instant.now()));
        }
        // The overview as of a past date ranks every team from one pass over the rollups and the
        // changes since: each row must be that team's posture as of the same instant.
        String day = start.plus(6, ChronoUnit.DAYS)
                .atZone(java.time.ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        String endOfDay = java.time.LocalDate.parse(day)
                .plusDays(1)
                .atStartOfDay()
                .toInstant(java.time.ZoneOffset.UTC)
                .minusMillis(1)
                .toString();
        Map<String, String> teamRows = teamRows(tenant, "/app?asOf=" + day);
        for (String team : List.of("ops", "web")) {
            assertThat(failingOnTeamPage(tenant, "/app/teams/" + team + "?asOf=" + day))
                    .isNotEmpty()
                    .as("failing controls of " + team + " as of " + day + ", against the intervals covering then")
                    .isEqualTo(failingAt(tenant.id(), "ops".equals(team) ? ops : web, Instant.parse(endOfDay)));
        }
        for (String team : List.of("ops", "web")) {
            JsonPath past = posture(manager, team, endOfDay);
            assertThat(teamRows.get(team))
                    .as(team + " in the overview as of " + day)
                    .isEqualTo(past.getLong("passed") + "/" + past.getLong("failed") + "/" + past.getLong("assets")
                            + "/" + past.getLong("stale"));
        }
        assertThat(assetTally(tenant.id(), false)).isNotEmpty().isEqualTo(assetTally(tenant.id(), true));
        assertThat(trendDays(tenant.id(), "posture_trend_daily")).isNotEmpty();
        assertThat(trendDays(tenant.id(), "posture_trend_daily"))
                .as("the trend's daily sums, kept by triggers, against the rollups summed now")
                .isEqualTo(trendDays(tenant.id(), "posture_rollup_daily"));
    }

    private static final Pattern FAILING_ROW = Pattern.compile("data-control=\"([^\"]+)\" data-failing=\"(\\d+)\"");

    private static final Pattern TEAM_ROW = Pattern.compile(
            "<tr data-team=\"([^\"]+)\">\\s*<td>.*?</td>\\s*<td class=\"num\">[^<]*</td>\\s*"
                    + "<td class=\"num\">(\\d+)</td>\\s*<td class=\"num\">(\\d+)</td>\\s*"
                    + "<td class=\"num\">(\\d+)</td>\\s*<td class=\"num\">(\\d+)</td>",
            Pattern.DOTALL);

    /** A page as a security manager of the tenant, through a browser session. */
    String page(Fixtures.TenantFixture tenant, String path) {
        String subject = "user-" + UUID.randomUUID();
        Fixtures.update(
                "insert into membership (tenant_id, id, email, subject, role, bound_at) values (?, ?, ?, ?, ?, now())",
                tenant.id(),
                UUID.randomUUID(),
                subject + "@example.com",
                subject,
                "security-manager");
        return given().cookies(WebLogin.session(oidc, subject, subject + "@example.com"))
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The overview's team rows, as slug → "passed/failed/assets/stale". */
    Map<String, String> teamRows(Fixtures.TenantFixture tenant, String path) {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = TEAM_ROW.matcher(page(tenant, path));
        while (row.find()) {
            rows.put(row.group(1), row.group(2) + "/" + row.group(3) + "/" + row.group(4) + "/" + row.group(5));
        }
        return rows;
    }

    /** A team page's failing controls ({@code path}: the page, with or without a date), as control id → failing assets. */
    Map<String, Long> failingOnTeamPage(Fixtures.TenantFixture tenant, String path) {
        String page = page(tenant, path);
        Map<String, Long> failing = new TreeMap<>();
        Matcher row = FAILING_ROW.matcher(page);
        while (row.find()) {
            failing.put(row.group(1), Long.parseLong(row.group(2)));
        }
        return failing;
    }

    /**
     * Straight from the intervals: the failing ones covering T of the team's assets that existed
     * then and whose host had a scan within the staleness window before T.
     */
    static Map<String, Long> failingAt(UUID tenant, UUID team, Instant at) throws SQLException {
        Map<String, Long> failing = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement query = db.prepareStatement("""
                        select cs.control_id, count(*)
                          from control_state cs
                          join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id
                          join asset h on h.tenant_id = a.tenant_id and h.id = coalesce(a.host_id, a.id) and h.kind = 'host'
                          join tenant tn on tn.id = a.tenant_id
                         where cs.tenant_id = ? and a.team_id = ? and h.team_id = a.team_id
                           and cs.valid_from <= ? and (cs.valid_to is null or cs.valid_to > ?)
                           and cs.status in ('fail', 'warn')
                           and a.first_seen <= ? and (a.gone_at is null or a.gone_at > ?)
                           and exists (select 1 from scan s where s.tenant_id = h.tenant_id and s.host_asset_id = h.id
                                         and s.finished_at <= ?
                                         and s.finished_at >= ?::timestamptz - make_interval(days => tn.staleness_days))
                         group by cs.control_id
                        """)) {
            java.sql.Timestamp t = java.sql.Timestamp.from(at);
            query.setObject(1, tenant);
            query.setObject(2, team);
            for (int i = 3; i <= 8; i++) {
                query.setTimestamp(i, t);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    failing.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return failing;
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
        return rows(
                tenant,
                recount ? "plimsoll_rebuild_tally" : null,
                "select team_id, scanned_by, benchmark_id, section, passed, failed, other from posture_tally"
                        + " where tenant_id = ? and (passed <> 0 or failed <> 0 or other <> 0) order by 1, 2, 3, 4");
    }

    /** The asset tally's non-empty rows, as kept or as recounted from the assets. */
    static List<String> assetTally(UUID tenant, boolean recount) throws SQLException {
        return rows(
                tenant,
                recount ? "plimsoll_rebuild_asset_tally" : null,
                "select team_id, scanned_by, assets from asset_tally where tenant_id = ? and assets <> 0 order by 1, 2");
    }

    /** Per team and day, the non-zero sums of a table's pass, fail and other counts. */
    static List<String> trendDays(UUID tenant, String table) throws SQLException {
        return rows(
                tenant,
                null,
                "select team_id, day, sum(passed), sum(failed), sum(other) from " + table + " where tenant_id = ?"
                        + " group by 1, 2 having sum(passed) <> 0 or sum(failed) <> 0 or sum(other) <> 0 order by 1, 2");
    }

    /**
     * The rows of a query of the tenant's (its one parameter), each as its columns joined by spaces;
     * after calling the recount function {@code rebuild} first, if given, in a transaction rolled back.
     */
    static List<String> rows(UUID tenant, String rebuild, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl())) {
            db.setAutoCommit(false);
            try (PreparedStatement set = db.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            if (rebuild != null) {
                try (Statement call = db.createStatement()) {
                    call.execute("select " + rebuild + "()");
                }
            }
            try (PreparedStatement query = db.prepareStatement(sql)) {
                query.setObject(1, tenant);
                try (ResultSet row = query.executeQuery()) {
                    int columns = row.getMetaData().getColumnCount();
                    while (row.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int c = 1; c <= columns; c++) {
                            line.append(c > 1 ? " " : "").append(row.getString(c));
                        }
                        rows.add(line.toString());
                    }
                }
            }
            db.rollback();
        }
        return rows;
    }
}
