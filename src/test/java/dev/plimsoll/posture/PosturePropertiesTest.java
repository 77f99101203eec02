package dev.plimsoll.posture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Properties checked over random fleets: the score and counts as of any instant equal a
 * brute-force count over the generated intervals, and the parts of a movement add up to the
 * difference of the counts. Cases come from a seeded generator inside one Quarkus test (the API
 * needs the running application); the seed is printed on failure and can be fixed with
 * {@code -Dplimsoll.seed=}.
 */
@QuarkusTest
class PosturePropertiesTest {

    static final int CASES = Integer.getInteger("plimsoll.cases", 12);
    static final String[] STATUSES = {"pass", "pass", "fail", "warn", "info", "skip"};
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Instant START = NOW.minus(20, ChronoUnit.DAYS);

    record Interval(UUID asset, String control, String status, Instant from, Instant to) {}

    record Host(UUID id, Instant firstSeen, Instant goneAt, List<Instant> scans) {}

    /** A random fleet: hosts with random scan times, and per (host, control) a random chain of intervals. */
    static final class Fleet {
        final Fixtures.TenantFixture tenant = Fixtures.tenant();
        final UUID team = tenant.team("prop");
        final List<Host> hosts = new ArrayList<>();
        final List<Interval> intervals = new ArrayList<>();
        final String token = tenant.member("security-manager");

        Fleet(Random random) {
            int hostCount = 1 + random.nextInt(4);
            for (int h = 0; h < hostCount; h++) {
                UUID id = UUID.randomUUID();
                Instant first = START.plus(random.nextInt(5 * 24), ChronoUnit.HOURS);
                Instant gone =
                        random.nextInt(4) == 0 ? first.plus(2 + random.nextInt(15 * 24), ChronoUnit.HOURS) : null;
                Fixtures.update(
                        "insert into asset (tenant_id, id, team_id, kind, natural_key, name, first_seen, last_seen, gone_at)"
                                + " values (?, ?, ?, 'host', ?, ?, ?, ?, ?)",
                        tenant.id(),
                        id,
                        team,
                        "m-" + id,
                        "host-" + h,
                        Timestamp.from(first),
                        Timestamp.from(NOW),
                        gone == null ? null : Timestamp.from(gone));
                List<Instant> scans = new ArrayList<>();
                // Scans with gaps so that hosts go stale (7 days) and come back.
                for (Instant at = first; at.isBefore(NOW); at = at.plus(1 + random.nextInt(9 * 24), ChronoUnit.HOURS)) {
                    scans.add(at);
                    Fixtures.update(
                            "insert into scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version,"
                                    + " started_at, finished_at, result_count, passed, failed, content_sha256)"
                                    + " values (?, ?, ?, ?, 'native', 'cis-docker', '1.6.0', ?, ?, 0, 0, 0, '\\x00')",
                            tenant.id(),
                            UUID.randomUUID(),
                            team,
                            id,
                            Timestamp.from(at),
                            Timestamp.from(at));
                }
                hosts.add(new Host(id, first, gone, scans));
                int controls = 1 + random.nextInt(5);
                for (int c = 1; c <= controls; c++) {
                    String control = "2." + c;
                    Instant from = first.plus(random.nextInt(48), ChronoUnit.HOURS);
                    while (from.isBefore(NOW)) {
                        Instant to =
                                random.nextInt(3) == 0 ? null : from.plus(1 + random.nextInt(6 * 24), ChronoUnit.HOURS);
                        if (to != null && to.isAfter(NOW)) {
                            to = null;
                        }
                        String status = STATUSES[random.nextInt(STATUSES.length)];
                        Fixtures.update(
                                "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id,"
                                        + " valid_from, valid_to, team_id, status, last_seen, opened_by_scan)"
                                        + " values (?, ?, 'cis-docker', '1.6.0', ?, ?, ?, ?, ?, ?, ?)",
                                tenant.id(),
                                id,
                                control,
                                Timestamp.from(from),
                                to == null ? null : Timestamp.from(to),
                                team,
                                status,
                                Timestamp.from(to == null ? NOW : to),
                                UUID.randomUUID());
                        intervals.add(new Interval(id, control, status, from, to));
                        if (to == null) {
                            break;
                        }
                        // Sometimes a gap with no result for the control.
                        from = random.nextInt(4) == 0 ? to.plus(random.nextInt(48), ChronoUnit.HOURS) : to;
                    }
                }
            }
            // Past postures start from the daily rollups where there are some: most fleets get them
            // for a random stretch of days (as ingestion leaves them), the others none at all.
            if (random.nextInt(4) != 0) {
                LocalDate first = START.atZone(ZoneOffset.UTC).toLocalDate().plusDays(random.nextInt(10));
                LocalDate last = first.plusDays(random.nextInt(12));
                tenant.refreshRollups(team, first, last);
            }
        }

        /** The DESIGN.md definition, counted by hand: assets present and reporting within 7 days, warn as failed. */
        long[] bruteForce(Instant t) {
            long passed = 0;
            long failed = 0;
            for (Interval i : intervals) {
                Host host = hosts.stream()
                        .filter(h -> h.id().equals(i.asset()))
                        .findFirst()
                        .orElseThrow();
                boolean present = !host.firstSeen().isAfter(t)
                        && (host.goneAt() == null || host.goneAt().isAfter(t));
                Instant lastScan = host.scans().stream()
                        .filter(s -> !s.isAfter(t))
                        .max(Instant::compareTo)
                        .orElse(null);
                boolean live = present && lastScan != null && !lastScan.isBefore(t.minus(7, ChronoUnit.DAYS));
                boolean covers = !i.from().isAfter(t) && (i.to() == null || i.to().isAfter(t));
                if (live && covers) {
                    if (i.status().equals("pass")) {
                        passed++;
                    } else if (i.status().equals("fail") || i.status().equals("warn")) {
                        failed++;
                    }
                }
            }
            return new long[] {passed, failed};
        }

        JsonPath posture(Instant t) {
            return given().auth()
                    .oauth2(token)
                    .queryParam("team", "prop")
                    .queryParam("asOf", t.toString())
                    .get("/api/v1/posture")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        }
    }

    static Instant randomInstant(Random random) {
        return START.plusSeconds((long) (random.nextDouble() * ChronoUnit.SECONDS.between(START, NOW)));
    }

    static long seed() {
        return Long.getLong("plimsoll.seed", System.nanoTime());
    }

    @Test
    void the_score_as_of_any_instant_equals_a_brute_force_count_over_the_intervals() {
        long seed = seed();
        Random random = new Random(seed);
        for (int n = 0; n < CASES; n++) {
            Fleet fleet = new Fleet(random);
            for (int k = 0; k < 6; k++) {
                Instant t = randomInstant(random);
                long[] expected = fleet.bruteForce(t);
                JsonPath posture = fleet.posture(t);
                assertThat(new long[] {posture.getLong("passed"), posture.getLong("failed")})
                        .as("seed %d, case %d, instant %s", seed, n, t)
                        .containsExactly(expected);
                Score score = Score.of(expected[0], expected[1]);
                String actual = posture.getString("score");
                if (score.percent() == null) {
                    assertThat(actual)
                            .as("seed %d, case %d, instant %s", seed, n, t)
                            .isNull();
                } else {
                    assertThat(new java.math.BigDecimal(actual))
                            .as("seed %d, case %d, instant %s", seed, n, t)
                            .isEqualByComparingTo(score.percent());
                }
            }
        }
    }

    @Test
    void the_parts_of_a_movement_add_up_to_the_difference_of_the_counts() {
        long seed = seed();
        Random random = new Random(seed);
        for (int n = 0; n < CASES; n++) {
            Fleet fleet = new Fleet(random);
            for (int k = 0; k < 5; k++) {
                Instant a = randomInstant(random);
                Instant b = randomInstant(random);
                Instant from = a.isBefore(b) ? a : b;
                Instant to = a.isBefore(b) ? b : a;
                JsonPath change = given().auth()
                        .oauth2(fleet.token)
                        .queryParam("team", "prop")
                        .queryParam("from", from.toString())
                        .queryParam("to", to.toString())
                        .get("/api/v1/posture/changes")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                long[] before = fleet.bruteForce(from);
                long[] after = fleet.bruteForce(to);
                String why = "seed " + seed + ", case " + n + ", " + from + " → " + to;
                assertThat(change.getLong("before.passed")).as(why).isEqualTo(before[0]);
                assertThat(change.getLong("before.failed")).as(why).isEqualTo(before[1]);
                assertThat(change.getLong("after.passed")).as(why).isEqualTo(after[0]);
                assertThat(change.getLong("after.failed")).as(why).isEqualTo(after[1]);
                long passedParts = change.getLong("fixes")
                        - change.getLong("regressions")
                        + change.getLong("newAssets.passed")
                        - change.getLong("retiredAssets.passed")
                        + change.getLong("newPasses")
                        - change.getLong("droppedPasses");
                long failedParts = change.getLong("regressions")
                        - change.getLong("fixes")
                        + change.getLong("newAssets.failed")
                        - change.getLong("retiredAssets.failed")
                        + change.getLong("newFailures")
                        - change.getLong("droppedFailures");
                assertThat(passedParts).as(why).isEqualTo(after[0] - before[0]);
                assertThat(failedParts).as(why).isEqualTo(after[1] - before[1]);
                assertThat(change.getString("summary")).as(why).startsWith("Score");
            }
        }
    }
}
