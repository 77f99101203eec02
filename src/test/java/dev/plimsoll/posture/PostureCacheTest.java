package dev.plimsoll.posture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plimsoll.testing.Fixtures;
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
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dashboards' cache: a second read is served from it, every write through the application
 * that changes the answer makes the next read fresh, answers age out, concurrent misses compute
 * once, and no tenant, team or member ever gets another's answer.
 */
@QuarkusTest
class PostureCacheTest {

    @Inject
    PostureCache cache;

    @Inject
    DashboardsConfig config;

    /** A tenant with teams payments and platform, a collector token for each and a security manager. */
    static final class Fleet {
        final Fixtures.TenantFixture tenant = Fixtures.tenant();
        final UUID payments = tenant.team("payments");
        final UUID platform = tenant.team("platform");
        final String paymentsCollector = tenant.collector(payments);
        final String platformCollector = tenant.collector(platform);
        final String manager = tenant.member("security-manager");

        /** Posts a scan of one host through the API: host controls, and container controls as "container/control". */
        void scan(String collector, String host, Map<String, ResultStatus> verdicts) {
            List<ScanResult> results = new ArrayList<>();
            verdicts.forEach((control, status) -> {
                ScanTarget target = control.contains("/")
                        ? ScanTarget.container(
                                "id-" + control.split("/")[0],
                                control.split("/")[0],
                                "nginx:1.27",
                                "sha256:" + "ab".repeat(32))
                        : ScanTarget.host();
                results.add(new ScanResult(control.substring(control.indexOf('/') + 1), status, target, "seen", null));
            });
            Instant at = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
            ScanDocument document = new ScanDocument(
                    UUID.randomUUID().toString(),
                    ScanBenchmark.CIS_DOCKER_1_6_0,
                    new ScanHost(host, host, "Debian 12", "27.3.1", Map.of()),
                    new ScanCollector("plimsoll-collector", "test"),
                    at.minusSeconds(4),
                    at,
                    results);
            given().auth()
                    .oauth2(collector)
                    .contentType(ContentType.JSON)
                    .body(ScanJson.write(document))
                    .post("/api/v1/scans")
                    .then()
                    .statusCode(201);
        }
    }

    /** A posture read through the API: its counts and when it was computed. */
    record Read(long passed, long failed, long excepted, Instant computedAt) {}

    static Read posture(String token, String team) {
        var request = given().auth().oauth2(token);
        if (team != null) {
            request = request.queryParam("team", team);
        }
        Response response = request.get("/api/v1/posture");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return new Read(
                response.jsonPath().getLong("passed"),
                response.jsonPath().getLong("failed"),
                response.jsonPath().getLong("excepted"),
                Instant.parse(response.header(PostureResource.COMPUTED_AT)));
    }

    @Test
    void a_second_read_is_served_from_the_cache_and_a_scan_posted_through_the_api_makes_the_next_one_fresh() {
        Fleet fleet = new Fleet();
        fleet.scan(fleet.paymentsCollector, "pay-01", Map.of("2.1", ResultStatus.fail, "2.2", ResultStatus.pass));

        Read first = posture(fleet.manager, "payments");
        Read second = posture(fleet.manager, "payments");
        assertThat(first.failed()).isEqualTo(1);
        assertThat(second).isEqualTo(first);

        fleet.scan(fleet.paymentsCollector, "pay-01", Map.of("2.1", ResultStatus.pass, "2.2", ResultStatus.pass));
        Read third = posture(fleet.manager, "payments");
        assertThat(third.failed()).isZero();
        assertThat(third.passed()).isEqualTo(2);
        assertThat(third.computedAt()).isAfter(first.computedAt());
    }

    @Test
    void the_present_and_a_past_instant_are_kept_apart() {
        Fleet fleet = new Fleet();
        fleet.scan(fleet.paymentsCollector, "pay-01", Map.of("2.1", ResultStatus.fail));
        String yesterday = Instant.now().minus(1, ChronoUnit.DAYS).toString();
        for (int round = 0; round < 2; round++) {
            assertThat(posture(fleet.manager, "payments").failed()).isEqualTo(1);
            Response past = given().auth()
                    .oauth2(fleet.manager)
                    .queryParam("team", "payments")
                    .queryParam("asOf", yesterday)
                    .get("/api/v1/posture");
            assertThat(past.statusCode()).isEqualTo(200);
            assertThat(past.jsonPath().getLong("failed")).isZero();
            assertThat(past.jsonPath().getString("asOf")).isEqualTo(yesterday);
        }
    }

    @Test
    void the_trend_says_when_it_was_computed_and_a_second_read_is_served_from_the_cache() {
        Fleet fleet = new Fleet();
        fleet.scan(fleet.paymentsCollector, "pay-01", Map.of("2.1", ResultStatus.fail));
        String first = given().auth()
                .oauth2(fleet.manager)
                .get("/api/v1/posture/trend")
                .then()
                .statusCode(200)
                .extract()
                .header(PostureResource.COMPUTED_AT);
        String second = given().auth()
                .oauth2(fleet.manager)
                .get("/api/v1/posture/trend")
                .then()
                .statusCode(200)
                .extract()
                .header(PostureResource.COMPUTED_AT);
        assertThat(first).isNotNull().isEqualTo(second);
    }

    @Test
    void an_exception_approval_makes_the_next_read_fresh() {
        Fleet fleet = new Fleet();
        fleet.scan(
                fleet.paymentsCollector, "pay-01", Map.of("web/5.5", ResultStatus.fail, "web/5.4", ResultStatus.pass));
        String member = fleet.tenant.member("team-member", fleet.payments);
        Map<String, Object> body = new HashMap<>();
        body.put("team", "payments");
        body.put("control", "5.5");
        body.put("scope", "team");
        body.put("justification", "The vendor's agent needs it until its next release");
        body.put("expiresAt", Instant.now().plus(Duration.ofDays(30)).toString());
        String id = given().auth()
                .oauth2(member)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/v1/exceptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        Read before = posture(fleet.manager, "payments");
        assertThat(posture(fleet.manager, "payments")).isEqualTo(before);
        assertThat(before.excepted()).isZero();

        given().auth()
                .oauth2(fleet.manager)
                .contentType(ContentType.JSON)
                .body(Map.of("note", "checked"))
                .post("/api/v1/exceptions/" + id + "/approve")
                .then()
                .statusCode(200);
        Read after = posture(fleet.manager, "payments");
        assertThat(after.excepted()).isEqualTo(1);
        assertThat(after.computedAt()).isAfter(before.computedAt());
    }

    @Test
    void a_target_change_makes_the_next_read_fresh() {
        Fleet fleet = new Fleet();
        fleet.scan(fleet.paymentsCollector, "pay-01", Map.of("2.1", ResultStatus.fail));
        Read before = posture(fleet.manager, null);
        assertThat(posture(fleet.manager, null)).isEqualTo(before);

        given().auth()
                .oauth2(fleet.manager)
                .contentType(ContentType.JSON)
                .body(Map.of("targetPercent", 90, "due", "2030-06-30"))
                .put("/api/v1/teams/payments/target")
                .then()
                .statusCode(200);
        assertThat(posture(fleet.manager, null).computedAt()).isAfter(before.computedAt());
    }

    @Test
    void an_answer_older_than_the_max_age_is_computed_again() {
        Fleet fleet = new Fleet();
        fleet.scan(fleet.paymentsCollector, "pay-01", Map.of("2.1", ResultStatus.fail));
        Read first = posture(fleet.manager, "payments");
        assertThat(posture(fleet.manager, "payments")).isEqualTo(first);

        Duration later = config.cacheMaxAge().plusSeconds(1);
        cache.clock(() -> Instant.now().plus(later));
        try {
            Read aged = posture(fleet.manager, "payments");
            assertThat(aged.computedAt()).isAfter(first.computedAt().plus(config.cacheMaxAge()));
            assertThat(aged.failed()).isEqualTo(first.failed());
        } finally {
            cache.clock(InstantSource.system());
        }
    }

    @Test
    void past_its_max_age_one_request_computes_the_next_answer_while_the_others_still_get_the_last() throws Exception {
        UUID tenant = UUID.randomUUID();
        assertThat(cache.get(tenant, "overview", List.of("now"), () -> "first").value())
                .isEqualTo("first");
        Duration later = config.cacheMaxAge().plusSeconds(1);
        cache.clock(() -> Instant.now().plus(later));
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<PostureCache.Cached<String>> refresher =
                    pool.submit(() -> cache.get(tenant, "overview", List.of("now"), () -> {
                        computing.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "second";
                    }));
            assertThat(computing.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(cache.get(tenant, "overview", List.of("now"), () -> "not asked")
                            .value())
                    .isEqualTo("first");
            release.countDown();
            assertThat(refresher.get(10, TimeUnit.SECONDS).value()).isEqualTo("second");
            assertThat(cache.get(tenant, "overview", List.of("now"), () -> "not asked")
                            .value())
                    .isEqualTo("second");

            Duration muchLater = config.cacheMaxAge().multipliedBy(2).plusSeconds(2);
            cache.clock(() -> Instant.now().plus(later).plus(muchLater));
            assertThat(cache.get(tenant, "overview", List.of("now"), () -> "third")
                            .value())
                    .as("past twice the max age nobody gets the last answer")
                    .isEqualTo("third");
        } finally {
            pool.shutdownNow();
            cache.clock(InstantSource.system());
        }
    }

    @Test
    void concurrent_misses_of_one_key_wait_for_a_single_computation() throws Exception {
        UUID tenant = UUID.randomUUID();
        int readers = 20;
        AtomicInteger computations = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<PostureCache.Cached<String>>> answers = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return cache.get(tenant, "overview", List.of("now"), () -> {
                        computations.incrementAndGet();
                        sleep(300);
                        return "answer";
                    });
                }));
            }
            start.countDown();
            Set<Instant> computedAt = new java.util.HashSet<>();
            for (Future<PostureCache.Cached<String>> answer : answers) {
                PostureCache.Cached<String> cached = answer.get(10, TimeUnit.SECONDS);
                assertThat(cached.value()).isEqualTo("answer");
                computedAt.add(cached.computedAt());
            }
            assertThat(computations).hasValue(1);
            assertThat(computedAt).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_failed_computation_is_not_kept() {
        UUID tenant = UUID.randomUUID();
        assertThatThrownBy(() -> cache.get(tenant, "posture", List.of("now"), () -> {
                    throw new IllegalStateException("the database went away");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the database went away");
        assertThat(cache.get(tenant, "posture", List.of("now"), () -> "recomputed")
                        .value())
                .isEqualTo("recomputed");
    }

    @Test
    void the_number_of_answers_kept_is_bounded() {
        UUID tenant = UUID.randomUUID();
        for (int day = 0; day < config.cacheEntries() + 100; day++) {
            cache.get(tenant, "overview", List.of(Instant.EPOCH.plus(day, ChronoUnit.DAYS)), () -> "past");
        }
        assertThat(cache.size()).isLessThanOrEqualTo(config.cacheEntries());
        cache.invalidate(tenant);
    }

    @Test
    void the_same_view_and_shape_in_two_tenants_are_two_answers_and_a_write_in_one_keeps_the_other() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(cache.get(a, "posture", List.of("now"), () -> "a").value()).isEqualTo("a");
        assertThat(cache.get(b, "posture", List.of("now"), () -> "b").value()).isEqualTo("b");
        assertThat(cache.get(a, "posture", List.of("now"), () -> "a again").value())
                .isEqualTo("a");

        cache.invalidate(b);
        assertThat(cache.get(a, "posture", List.of("now"), () -> "a again").value())
                .isEqualTo("a");
        assertThat(cache.get(b, "posture", List.of("now"), () -> "b again").value())
                .isEqualTo("b again");
    }

    @Test
    void two_tenants_two_teams_and_a_member_of_one_team_never_get_each_others_cached_answers() {
        Fleet a = new Fleet();
        Fleet b = new Fleet();
        a.scan(a.paymentsCollector, "a-pay", Map.of("2.1", ResultStatus.fail, "2.2", ResultStatus.pass));
        a.scan(a.platformCollector, "a-plat", Map.of("2.1", ResultStatus.pass, "2.2", ResultStatus.pass));
        b.scan(b.paymentsCollector, "b-pay", Map.of("2.1", ResultStatus.fail, "2.2", ResultStatus.fail));
        String aMember = a.tenant.member("team-member", a.payments);

        // The same team slug in both tenants, read in turn.
        for (int round = 0; round < 2; round++) {
            assertThat(counts(posture(a.manager, "payments"))).containsExactly(1L, 1L);
            assertThat(counts(posture(b.manager, "payments"))).containsExactly(0L, 2L);
            assertThat(counts(posture(aMember, "payments"))).containsExactly(1L, 1L);
        }
        // Tenant-wide: every team for the manager, only their own team for the member.
        for (int round = 0; round < 2; round++) {
            assertThat(counts(posture(a.manager, null))).containsExactly(3L, 1L);
            assertThat(counts(posture(aMember, null))).containsExactly(1L, 1L);
            assertThat(counts(posture(b.manager, null))).containsExactly(0L, 2L);
        }
        // A team the member may not see stays unseen after the manager's read was kept.
        posture(a.manager, "platform");
        given().auth()
                .oauth2(aMember)
                .queryParam("team", "platform")
                .get("/api/v1/posture")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(aMember)
                .queryParam("team", a.platform.toString())
                .get("/api/v1/posture/trend")
                .then()
                .statusCode(404);
        // Nor does another tenant's team id open anything.
        given().auth()
                .oauth2(b.manager)
                .queryParam("team", a.payments.toString())
                .get("/api/v1/posture")
                .then()
                .statusCode(404);

        Map<String, List<Long>> trends = Map.of("a", a.manager, "b", b.manager, "member", aMember).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> lastTrendPoint(e.getValue(), null)));
        assertThat(trends.get("a")).containsExactly(3L, 1L);
        assertThat(trends.get("b")).containsExactly(0L, 2L);
        assertThat(trends.get("member")).containsExactly(1L, 1L);
        assertThat(lastTrendPoint(a.manager, "payments")).containsExactly(1L, 1L);
        assertThat(lastTrendPoint(b.manager, "payments")).containsExactly(0L, 2L);
    }

    private static List<Long> counts(Read read) {
        return List.of(read.passed(), read.failed());
    }

    private static List<Long> lastTrendPoint(String token, String team) {
        var request = given().auth().oauth2(token);
        if (team != null) {
            request = request.queryParam("team", team);
        }
        List<Map<String, Object>> points = request.get("/api/v1/posture/trend")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("points");
        Map<String, Object> last = points.get(points.size() - 1);
        return List.of(((Number) last.get("passed")).longValue(), ((Number) last.get("failed")).longValue());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
