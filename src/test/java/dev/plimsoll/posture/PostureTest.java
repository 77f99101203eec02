package dev.plimsoll.posture;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The score as DESIGN.md defines it, exact as of any instant, with stale assets left out and listed. */
@QuarkusTest
class PostureTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /** A tenant with one team and a host whose intervals the test writes. */
    static final class Fleet {
        final Fixtures.TenantFixture tenant = Fixtures.tenant();
        final UUID team = tenant.team("payments");
        final UUID otherTeam = tenant.team("platform");

        UUID host(UUID team, String name, Instant firstSeen, Instant lastScan) {
            UUID host = UUID.randomUUID();
            Fixtures.update(
                    "insert into asset (tenant_id, id, team_id, kind, natural_key, name, first_seen, last_seen) values (?, ?, ?, 'host', ?, ?, ?, ?)",
                    tenant.id(),
                    host,
                    team,
                    "machine-" + host,
                    name,
                    Timestamp.from(firstSeen),
                    Timestamp.from(lastScan));
            for (Instant at = firstSeen; !at.isAfter(lastScan); at = at.plus(1, ChronoUnit.DAYS)) {
                scan(host, team, at);
            }
            scan(host, team, lastScan);
            return host;
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

        void state(UUID asset, UUID team, String control, String status, Instant from, Instant to) {
            Fixtures.update(
                    "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from, valid_to, team_id,"
                            + " status, last_seen, opened_by_scan) values (?, ?, 'cis-docker', '1.6.0', ?, ?, ?, ?, ?, ?, ?)",
                    tenant.id(),
                    asset,
                    control,
                    Timestamp.from(from),
                    to == null ? null : Timestamp.from(to),
                    team,
                    status,
                    Timestamp.from(to == null ? NOW : to),
                    UUID.randomUUID());
        }
    }

    @Test
    void warn_counts_as_failed_and_info_manual_skip_error_are_not_counted() {
        Fleet fleet = new Fleet();
        Instant start = NOW.minus(3, ChronoUnit.DAYS);
        UUID host = fleet.host(fleet.team, "web-01", start, NOW.minus(1, ChronoUnit.HOURS));
        String[][] states = {
            {"2.1", "pass"},
            {"2.2", "pass"},
            {"2.3", "fail"},
            {"2.4", "warn"},
            {"2.5", "info"},
            {"2.6", "manual"},
            {"2.7", "skip"},
            {"2.8", "error"},
            {"5.1", "pass"}
        };
        for (String[] s : states) {
            fleet.state(host, fleet.team, s[0], s[1], start, null);
        }
        given().auth()
                .oauth2(fleet.tenant.member("security-manager"))
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("passed", equalTo(3))
                .body("failed", equalTo(2))
                .body("score", equalTo(60.0f))
                .body("scoreWithExceptions", equalTo(60.0f))
                .body("assets", equalTo(1))
                .body("stale", equalTo(0))
                .body("sections.section", contains("2", "5"))
                .body("sections[0].score", equalTo(50.0f));
    }

    @Test
    void the_score_is_null_when_nothing_counts() {
        Fleet fleet = new Fleet();
        given().auth()
                .oauth2(fleet.tenant.member("auditor"))
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("score", nullValue())
                .body("passed", equalTo(0))
                .body("failed", equalTo(0));
    }

    @Test
    void posture_as_of_an_instant_uses_the_interval_covering_it() {
        Fleet fleet = new Fleet();
        Instant start = NOW.minus(4, ChronoUnit.DAYS);
        Instant fix = NOW.minus(2, ChronoUnit.DAYS);
        UUID host = fleet.host(fleet.team, "web-01", start, NOW.minus(1, ChronoUnit.HOURS));
        fleet.state(host, fleet.team, "2.2", "fail", start, fix);
        fleet.state(host, fleet.team, "2.2", "pass", fix, null);
        String auditor = fleet.tenant.member("auditor");

        given().auth()
                .oauth2(auditor)
                .queryParam("asOf", fix.minusSeconds(1).toString())
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("passed", equalTo(0))
                .body("failed", equalTo(1));
        given().auth()
                .oauth2(auditor)
                .queryParam("asOf", fix.toString())
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("passed", equalTo(1))
                .body("failed", equalTo(0));
        given().auth()
                .oauth2(auditor)
                .queryParam("asOf", start.minusSeconds(1).toString())
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("passed", equalTo(0))
                .body("failed", equalTo(0))
                .body("assets", equalTo(0));
    }

    @Test
    void a_host_that_stopped_reporting_is_left_out_and_listed_as_stale() {
        Fleet fleet = new Fleet();
        Instant start = NOW.minus(20, ChronoUnit.DAYS);
        UUID live = fleet.host(fleet.team, "live-01", start, NOW.minus(1, ChronoUnit.HOURS));
        UUID quiet = fleet.host(fleet.team, "quiet-01", start, NOW.minus(10, ChronoUnit.DAYS));
        fleet.state(live, fleet.team, "2.2", "pass", start, null);
        fleet.state(quiet, fleet.team, "2.2", "fail", start, null);
        String manager = fleet.tenant.member("security-manager");

        given().auth()
                .oauth2(manager)
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("passed", equalTo(1))
                .body("failed", equalTo(0))
                .body("assets", equalTo(1))
                .body("stale", equalTo(1))
                .body("staleAssets.name", contains("quiet-01"));
        // Twelve days ago both hosts reported: both count.
        given().auth()
                .oauth2(manager)
                .queryParam("asOf", NOW.minus(12, ChronoUnit.DAYS).toString())
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("passed", equalTo(1))
                .body("failed", equalTo(1))
                .body("stale", equalTo(0));
    }

    @Test
    void a_team_member_sees_only_their_team_and_another_team_answers_like_a_missing_one() {
        Fleet fleet = new Fleet();
        Instant start = NOW.minus(2, ChronoUnit.DAYS);
        UUID mine = fleet.host(fleet.team, "mine", start, NOW.minus(1, ChronoUnit.HOURS));
        UUID theirs = fleet.host(fleet.otherTeam, "theirs", start, NOW.minus(1, ChronoUnit.HOURS));
        fleet.state(mine, fleet.team, "2.2", "pass", start, null);
        fleet.state(theirs, fleet.otherTeam, "2.2", "fail", start, null);
        String member = fleet.tenant.member("team-member", fleet.team);

        given().auth()
                .oauth2(member)
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("passed", equalTo(1))
                .body("failed", equalTo(0));
        given().auth()
                .oauth2(member)
                .queryParam("team", "platform")
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(member)
                .queryParam("team", "no-such-team")
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(fleet.tenant.member("auditor"))
                .queryParam("team", "platform")
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body("team", equalTo("platform"))
                .body("failed", equalTo(1));
    }

    @Test
    void the_trend_has_one_point_a_day_from_the_rollups() {
        Fleet fleet = new Fleet();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant start =
                today.minusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600);
        Instant fix =
                today.minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600);
        UUID host = fleet.host(fleet.team, "web-01", start, NOW.minus(1, ChronoUnit.MINUTES));
        fleet.state(host, fleet.team, "2.2", "fail", start, fix);
        fleet.state(host, fleet.team, "2.2", "pass", fix, null);
        fleet.state(host, fleet.team, "2.3", "pass", start, null);
        fleet.tenant.refreshRollups(fleet.team, today.minusDays(4), today);

        given().auth()
                .oauth2(fleet.tenant.member("auditor"))
                .queryParam("team", "payments")
                .queryParam("from", today.minusDays(4).toString())
                .queryParam("to", today.toString())
                .when()
                .get("/api/v1/posture/trend")
                .then()
                .statusCode(200)
                .body("points", hasSize(5))
                .body("points[0].score", nullValue())
                .body("points[1].score", equalTo(50.0f))
                .body("points[2].score", equalTo(50.0f))
                .body("points[3].score", equalTo(100.0f))
                .body("points[4].passed", equalTo(2));
    }

    @Test
    void bad_dates_are_named() {
        String auditor = new Fleet().tenant.member("auditor");
        given().auth()
                .oauth2(auditor)
                .queryParam("asOf", "yesterday")
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("?asOf"));
        given().auth()
                .oauth2(auditor)
                .queryParam("asOf", NOW.plus(1, ChronoUnit.DAYS).toString())
                .when()
                .get("/api/v1/posture")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("?asOf"));
        given().auth()
                .oauth2(auditor)
                .queryParam("from", "2026-13-01")
                .when()
                .get("/api/v1/posture/trend")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("?from"));
        given().auth()
                .oauth2(auditor)
                .queryParam("from", "2020-01-01")
                .queryParam("to", "2026-01-01")
                .when()
                .get("/api/v1/posture/trend")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("?from"));
    }
}
