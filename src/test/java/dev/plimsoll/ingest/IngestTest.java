package dev.plimsoll.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.resilience.ConsistencyChecker;
import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.wire.ResultStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** POST /api/v1/scans: idempotent, lossless, intervals only where a status changed. */
@QuarkusTest
class IngestTest {

    final Fixtures.TenantFixture tenant = Fixtures.tenant();

    @Inject
    ConsistencyChecker consistency;

    final UUID team = tenant.team("ops");
    final String collector = tenant.collector(team);
    final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);

    static Response post(String token, String json) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(json)
                .post("/api/v1/scans");
    }

    @Test
    void a_new_scan_is_stored_and_answered_201_with_its_counts_and_its_intervals_opened() throws SQLException {
        Scans scan = Scans.scan()
                .at(base)
                .hostResult("2.2", ResultStatus.pass)
                .hostResult("2.3", ResultStatus.fail)
                .containerResult("web", "5.5", ResultStatus.fail)
                .containerResult("web", "5.10", ResultStatus.pass);

        post(collector, scan.json())
                .then()
                .statusCode(201)
                .body("scanId", equalTo(scan.scanId()))
                .body("created", equalTo(true))
                .body("results", equalTo(4))
                .body("passed", equalTo(2))
                .body("failed", equalTo(2))
                .body("changes.opened", equalTo(4));

        assertThat(intervals())
                .containsExactlyInAnyOrder(
                        "host 2.2 pass open", "host 2.3 fail open", "web 5.10 pass open", "web 5.5 fail open");
        assertThat(count("select count(*) from scan_document where tenant_id = ?"))
                .isEqualTo(1);
        assertThat(rollupToday("5.5")).containsExactly(0, 1);
        assertThat(rollupToday("2.2")).containsExactly(1, 0);
    }

    @Test
    void the_same_scan_again_is_answered_200_from_what_was_stored_and_stored_once() throws SQLException {
        Scans scan = Scans.scan().at(base).hostResult("2.2", ResultStatus.pass);
        post(collector, scan.json()).then().statusCode(201);
        post(collector, scan.json())
                .then()
                .statusCode(200)
                .body("created", equalTo(false))
                .body("scanId", equalTo(scan.scanId()))
                .body("passed", equalTo(1));
        assertThat(count("select count(*) from scan where tenant_id = ?")).isEqualTo(1);
        assertThat(intervals()).containsExactly("host 2.2 pass open");
    }

    @Test
    void the_same_scan_id_with_other_content_is_refused_with_409_naming_the_scan_id() {
        Scans scan = Scans.scan().at(base).hostResult("2.2", ResultStatus.pass);
        post(collector, scan.json()).then().statusCode(201);
        Scans other =
                Scans.scan().id(scan.scanId()).host(scan.hostId()).at(base).hostResult("2.2", ResultStatus.fail);
        post(collector, other.json())
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("errors.pointer", contains("/scanId"));
    }

    @Test
    void thirty_two_concurrent_posts_of_one_scan_store_it_once() throws Exception {
        Scans scan = Scans.scan().at(base);
        for (int i = 1; i <= 40; i++) {
            scan.containerResult("c" + (i % 5), "5." + i, i % 3 == 0 ? ResultStatus.fail : ResultStatus.pass);
        }
        String json = scan.json();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                Callable<Integer> send = () -> post(collector, json).statusCode();
                answers.add(pool.submit(send));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("select count(*) from scan where tenant_id = ?")).isEqualTo(1);
        assertThat(count("select count(*) from control_state where tenant_id = ?"))
                .isEqualTo(40);
        assertThat(count("select count(*) from asset where tenant_id = ? and kind = 'container'"))
                .isEqualTo(5);
    }

    @Test
    void a_gzip_body_is_accepted_and_its_raw_document_kept_with_its_sha256() throws Exception {
        Scans scan = Scans.scan().at(base).hostResult("2.2", ResultStatus.pass);
        byte[] raw = scan.json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body(gzip(raw))
                .post("/api/v1/scans")
                .then()
                .statusCode(201);
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement sql =
                        db.prepareStatement("select raw_sha256, raw_size from scan_document where tenant_id = ?")) {
            sql.setObject(1, tenant.id());
            try (ResultSet row = sql.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getBytes(1)).isEqualTo(IngestService.sha256(raw));
                assertThat(row.getInt(2)).isEqualTo(raw.length);
            }
        }
    }

    @Test
    void a_gzip_bomb_is_refused_with_413_without_being_inflated() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 1024; i++) {
                out.write(zeros);
            }
        }
        assertThat(bomb.size()).isLessThan(2 << 20);
        long started = System.nanoTime();
        given().auth()
                .oauth2(collector)
                .contentType("application/json")
                .header("Content-Encoding", "gzip")
                .body(bomb.toByteArray())
                .post("/api/v1/scans")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("once decompressed"));
        System.out.printf(
                "gzip bomb (1 GiB inflated, %d KB sent) refused in %d ms%n",
                bomb.size() / 1024, (System.nanoTime() - started) / 1_000_000);
    }

    @Test
    void a_fail_pass_fail_sequence_gives_three_intervals_with_a_fix_and_a_regression() throws SQLException {
        String host = "h-" + UUID.randomUUID();
        ResultStatus[] sequence = {
            ResultStatus.fail, ResultStatus.fail, ResultStatus.pass, ResultStatus.pass, ResultStatus.fail
        };
        for (int i = 0; i < sequence.length; i++) {
            post(
                            collector,
                            Scans.scan()
                                    .host(host)
                                    .at(base.plus(i, ChronoUnit.MINUTES))
                                    .hostResult("2.2", sequence[i])
                                    .json())
                    .then()
                    .statusCode(201);
        }
        assertThat(intervalsWithTimes())
                .containsExactly(
                        "2.2 fail " + base + " " + base.plus(2, ChronoUnit.MINUTES) + " changed last "
                                + base.plus(1, ChronoUnit.MINUTES),
                        "2.2 pass " + base.plus(2, ChronoUnit.MINUTES) + " " + base.plus(4, ChronoUnit.MINUTES)
                                + " changed last " + base.plus(3, ChronoUnit.MINUTES),
                        "2.2 fail " + base.plus(4, ChronoUnit.MINUTES) + " open last "
                                + base.plus(4, ChronoUnit.MINUTES));
    }

    @Test
    void a_control_left_out_of_a_scan_keeps_the_time_it_was_last_seen_while_its_host_moves_on() throws SQLException {
        String host = "h-" + UUID.randomUUID();
        Instant t1 = base;
        Instant t2 = base.plus(10, ChronoUnit.MINUTES);
        Instant t3 = base.plus(20, ChronoUnit.MINUTES);
        Instant t4 = base.plus(30, ChronoUnit.MINUTES);
        Instant t5 = base.plus(40, ChronoUnit.MINUTES);
        hostScan(host, t1, "2.2", ResultStatus.pass, "2.3", ResultStatus.pass);
        hostScan(host, t2, "2.2", ResultStatus.pass);
        hostScan(host, t3, "2.2", ResultStatus.pass);

        assertThat(intervalsWithTimes())
                .containsExactly("2.2 pass " + t1 + " open last " + t3, "2.3 pass " + t1 + " open last " + t1);

        hostScan(host, t4, "2.2", ResultStatus.pass, "2.3", ResultStatus.pass);
        assertThat(intervalsWithTimes())
                .containsExactly("2.2 pass " + t1 + " open last " + t4, "2.3 pass " + t1 + " open last " + t4);

        hostScan(host, t5, "2.2", ResultStatus.fail, "2.3", ResultStatus.pass);
        assertThat(intervalsWithTimes())
                .containsExactly(
                        "2.2 pass " + t1 + " " + t5 + " changed last " + t4,
                        "2.3 pass " + t1 + " open last " + t5,
                        "2.2 fail " + t5 + " open last " + t5);
    }

    @Test
    void a_late_scan_keeps_the_last_sighting_of_intervals_written_before_assets_had_their_own() throws SQLException {
        String host = "h-" + UUID.randomUUID();
        Instant t2 = base.plus(10, ChronoUnit.MINUTES);
        Instant t3 = base.plus(20, ChronoUnit.MINUTES);
        hostScan(host, t3, "2.2", ResultStatus.pass);
        // As data written before V17 (or by the demo writer) stands: each interval with its own
        // last sighting, no asset_seen row.
        Fixtures.update(
                "update control_state set last_seen = ? where tenant_id = ?", java.sql.Timestamp.from(t3), tenant.id());
        Fixtures.update("delete from asset_seen where tenant_id = ?", tenant.id());

        hostScan(host, t2, "2.2", ResultStatus.pass);

        assertThat(intervalsWithTimes()).containsExactly("2.2 pass " + t2 + " open last " + t3);
    }

    /** Posts a scan of the host's own controls (control, status pairs) and expects it stored. */
    void hostScan(String host, Instant at, Object... controlsAndStatuses) {
        Scans scan = Scans.scan().host(host).at(at);
        for (int i = 0; i < controlsAndStatuses.length; i += 2) {
            scan.hostResult((String) controlsAndStatuses[i], (ResultStatus) controlsAndStatuses[i + 1]);
        }
        post(collector, scan.json()).then().statusCode(201);
    }

    @Test
    void a_late_scan_is_placed_among_the_stored_ones_and_never_overwrites_a_newer_state() throws SQLException {
        String host = "h-" + UUID.randomUUID();
        Instant t1 = base;
        Instant t2 = base.plus(10, ChronoUnit.MINUTES);
        Instant t3 = base.plus(20, ChronoUnit.MINUTES);
        post(
                        collector,
                        Scans.scan()
                                .host(host)
                                .at(t1)
                                .hostResult("2.2", ResultStatus.pass)
                                .json())
                .then()
                .statusCode(201);
        post(
                        collector,
                        Scans.scan()
                                .host(host)
                                .at(t3)
                                .hostResult("2.2", ResultStatus.pass)
                                .json())
                .then()
                .statusCode(201);
        post(
                        collector,
                        Scans.scan()
                                .host(host)
                                .at(t2)
                                .hostResult("2.2", ResultStatus.fail)
                                .json())
                .then()
                .statusCode(201)
                .body("changes.late", equalTo(true));

        assertThat(intervalsWithTimes())
                .containsExactly(
                        "2.2 pass " + t1 + " " + t2 + " changed last " + t1,
                        "2.2 fail " + t2 + " " + t3 + " changed last " + t2,
                        "2.2 pass " + t3 + " open last " + t3);
        // The current state is still the newest scan's.
        assertThat(
                        count(
                                "select count(*) from control_state where tenant_id = ? and valid_to is null and status = 'pass'"))
                .isEqualTo(1);
    }

    @Test
    void a_container_that_disappears_from_its_hosts_scans_has_its_intervals_closed_as_gone() throws SQLException {
        String host = "h-" + UUID.randomUUID();
        post(
                        collector,
                        Scans.scan()
                                .host(host)
                                .at(base)
                                .containerResult("web", "5.5", ResultStatus.fail)
                                .containerResult("db", "5.5", ResultStatus.pass)
                                .json())
                .then()
                .statusCode(201);
        post(
                        collector,
                        Scans.scan()
                                .host(host)
                                .at(base.plusSeconds(600))
                                .containerResult("db", "5.5", ResultStatus.pass)
                                .json())
                .then()
                .statusCode(201)
                .body("changes.gone", equalTo(1));
        assertThat(intervals()).containsExactlyInAnyOrder("db 5.5 pass open", "web 5.5 fail gone");
        assertThat(count("select count(*) from asset where tenant_id = ? and name = 'web' and gone_at is not null"))
                .isEqualTo(1);
        assertThat(rollupToday("5.5")).containsExactly(1, 0);

        // It comes back: a new interval, and it is no longer gone.
        post(
                        collector,
                        Scans.scan()
                                .host(host)
                                .at(base.plusSeconds(1200))
                                .containerResult("db", "5.5", ResultStatus.pass)
                                .containerResult("web", "5.5", ResultStatus.pass)
                                .json())
                .then()
                .statusCode(201);
        assertThat(intervals()).containsExactlyInAnyOrder("db 5.5 pass open", "web 5.5 fail gone", "web 5.5 pass open");
        assertThat(count("select count(*) from asset where tenant_id = ? and gone_at is not null"))
                .isZero();
    }

    @Test
    void a_container_that_comes_back_reporting_what_it_reported_before_it_went_has_its_intervals_opened_again()
            throws SQLException {
        Scans both = Scans.scan()
                .at(base)
                .containerResult("web", "5.5", ResultStatus.fail)
                .containerResult("db", "5.5", ResultStatus.pass);
        post(collector, both.json()).then().statusCode(201);
        post(collector, both.again(base.plusSeconds(600)).json())
                .then()
                .statusCode(201)
                .body("changes.unchanged", equalTo(2));
        post(
                        collector,
                        both.again(base.plusSeconds(1200))
                                .withoutContainer("web")
                                .json())
                .then()
                .statusCode(201)
                .body("changes.gone", equalTo(1));

        post(collector, both.again(base.plusSeconds(1800)).json())
                .then()
                .statusCode(201)
                .body("changes.opened", equalTo(1))
                .body("changes.unchanged", equalTo(1));

        assertThat(intervals()).containsExactlyInAnyOrder("db 5.5 pass open", "web 5.5 fail gone", "web 5.5 fail open");
        assertThat(consistency.check(tenant.id()).differences()).isEmpty();
    }

    @Test
    void
            after_a_late_scan_a_scan_reporting_the_newest_state_again_changes_nothing_and_one_reporting_a_change_closes_it()
                    throws SQLException {
        String host = "h-" + UUID.randomUUID();
        hostScan(host, base, "2.2", ResultStatus.pass, "2.3", ResultStatus.fail);
        hostScan(host, base.plusSeconds(1200), "2.2", ResultStatus.pass, "2.3", ResultStatus.fail);
        // Late: between the two, 2.3 passed.
        hostScan(host, base.plusSeconds(600), "2.2", ResultStatus.pass, "2.3", ResultStatus.pass);

        hostScan(host, base.plusSeconds(1800), "2.2", ResultStatus.pass, "2.3", ResultStatus.fail);
        hostScan(host, base.plusSeconds(2400), "2.2", ResultStatus.fail, "2.3", ResultStatus.fail);

        assertThat(intervalsWithTimes())
                .containsExactly(
                        "2.2 pass " + base + " " + base.plusSeconds(2400) + " changed last " + base.plusSeconds(1800),
                        "2.3 fail " + base + " " + base.plusSeconds(600) + " changed last " + base,
                        "2.3 pass " + base.plusSeconds(600) + " " + base.plusSeconds(1200) + " changed last "
                                + base.plusSeconds(600),
                        "2.3 fail " + base.plusSeconds(1200) + " open last " + base.plusSeconds(2400),
                        "2.2 fail " + base.plusSeconds(2400) + " open last " + base.plusSeconds(2400));
        assertThat(consistency.check(tenant.id()).differences()).isEmpty();
    }

    @Test
    void unknown_control_ids_are_stored_and_flagged_not_dropped() throws SQLException {
        post(
                        collector,
                        Scans.scan()
                                .at(base)
                                .hostResult("2.2", ResultStatus.pass)
                                .hostResult("99.99", ResultStatus.fail)
                                .json())
                .then()
                .statusCode(201)
                .body("unknownControls", contains("99.99"));
        assertThat(intervals()).contains("host 99.99 fail open");
        assertThat(count("select unknown_controls from scan where tenant_id = ?"))
                .isEqualTo(1);
    }

    @Test
    void a_person_cannot_post_a_scan_and_another_teams_host_is_refused() {
        String admin = tenant.member(Roles.ORG_ADMIN);
        post(admin, Scans.scan().json()).then().statusCode(403);
        Scans first = Scans.scan().at(base).hostResult("2.2", ResultStatus.pass);
        post(collector, first.json()).then().statusCode(201);
        String otherTeam = tenant.collector(tenant.team("other"));
        post(
                        otherTeam,
                        Scans.scan()
                                .host(first.hostId())
                                .at(base.plusSeconds(60))
                                .hostResult("2.2", ResultStatus.fail)
                                .json())
                .then()
                .statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("another team"));
    }

    @Test
    void the_scan_schema_is_published() {
        given().get("/api/v1/schema/scan.json")
                .then()
                .statusCode(200)
                .body("title", equalTo("Plimsoll scan document"))
                .body("required", hasItem("scanId"));
    }

    @Test
    void a_token_over_its_rate_gets_429_with_retry_after_and_other_tokens_are_not_affected() {
        String flooding = tenant.collector(team);
        String other = tenant.collector(team);
        int refused = 0;
        String retryAfter = null;
        for (int i = 0; i < 320 && refused == 0; i++) {
            Response answer = given().auth()
                    .oauth2(flooding)
                    .contentType("application/json")
                    .body("{}")
                    .post("/api/v1/scans");
            if (answer.statusCode() == 429) {
                refused++;
                retryAfter = answer.header("Retry-After");
            } else {
                assertThat(answer.statusCode()).isEqualTo(400);
            }
        }
        assertThat(refused).isEqualTo(1);
        assertThat(retryAfter).isNotNull();
        post(other, Scans.scan().at(base).hostResult("2.2", ResultStatus.pass).json())
                .then()
                .statusCode(201);
    }

    @Test
    void raw_documents_past_the_tenants_retention_are_pruned_and_the_posture_history_stays() throws SQLException {
        post(
                        collector,
                        Scans.scan()
                                .at(base)
                                .hostResult("2.2", ResultStatus.pass)
                                .json())
                .then()
                .statusCode(201);
        Fixtures.update("update tenant set retention_days = 30 where id = ?", tenant.id());
        Fixtures.update(
                "update scan_document set received_at = now() - interval '31 days' where tenant_id = ?", tenant.id());
        given().when().get("/q/health/live").then().statusCode(200);
        int pruned = io.quarkus.arc.Arc.container()
                .instance(RetentionJob.class)
                .get()
                .pruneAll();
        assertThat(pruned).isGreaterThanOrEqualTo(1);
        assertThat(count("select count(*) from scan_document where tenant_id = ?"))
                .isZero();
        assertThat(count("select count(*) from scan where tenant_id = ?")).isEqualTo(1);
        assertThat(intervals()).containsExactly("host 2.2 pass open");
    }

    // --- reading back --------------------------------------------------------------------

    List<String> intervals() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement sql =
                        db.prepareStatement("select case a.kind when 'host' then 'host' else a.name end,"
                                + " cs.control_id, cs.status, coalesce(cs.close_reason, 'open')"
                                + " from control_state cs join asset a on a.tenant_id = cs.tenant_id and a.id = cs.asset_id"
                                + " where cs.tenant_id = ? order by cs.valid_from")) {
            sql.setObject(1, tenant.id());
            try (ResultSet row = sql.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
                            + row.getString(4));
                }
            }
        }
        return rows;
    }

    List<String> intervalsWithTimes() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement sql = db.prepareStatement(
                        "select cs.control_id, cs.status, cs.valid_from,"
                                + " cs.valid_to, cs.close_reason, coalesce(cs.last_seen, s.last_seen) from control_state cs"
                                + " left join asset_seen s on s.tenant_id = cs.tenant_id and s.asset_id = cs.asset_id"
                                + " and s.benchmark_id = cs.benchmark_id where cs.tenant_id = ? order by cs.valid_from, cs.control_id")) {
            sql.setObject(1, tenant.id());
            try (ResultSet row = sql.executeQuery()) {
                while (row.next()) {
                    rows.add(row.getString(1) + " " + row.getString(2) + " "
                            + row.getTimestamp(3).toInstant() + " "
                            + (row.getTimestamp(4) == null
                                    ? "open"
                                    : row.getTimestamp(4).toInstant() + " " + row.getString(5))
                            + " last " + row.getTimestamp(6).toInstant());
                }
            }
        }
        return rows;
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

    List<Integer> rollupToday(String control) throws SQLException {
        try (Connection db = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement sql = db.prepareStatement("select coalesce(sum(passed), 0), coalesce(sum(failed), 0)"
                        + " from posture_rollup_daily where tenant_id = ? and day = ? and control_id = ?")) {
            sql.setObject(1, tenant.id());
            sql.setObject(2, LocalDate.now(ZoneOffset.UTC));
            sql.setString(3, control);
            try (ResultSet row = sql.executeQuery()) {
                row.next();
                return List.of(row.getInt(1), row.getInt(2));
            }
        }
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(raw);
        }
        return out.toByteArray();
    }
}
