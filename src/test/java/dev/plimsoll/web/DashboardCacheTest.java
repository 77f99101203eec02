package dev.plimsoll.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plimsoll.posture.PostureCache;
import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The overview and the team page keep their computed data, say when it was computed, and never
 * show one tenant's, team's or member's data to another.
 */
@QuarkusTest
class DashboardCacheTest {

    @OidcWireMock
    WireMockServer oidc;

    @Inject
    PostureCache cache;

    @Test
    void the_overview_and_the_team_page_show_kept_data_until_a_writer_announces_a_change() {
        DashboardWorld world = new DashboardWorld();
        Map<String, String> session = world.session(oidc, "security-manager");
        String overview = page(session, "/app");
        String team = page(session, "/app/teams/alpha");
        assertThat(text(overview, "computed-at")).matches("computed at \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(text(team, "computed-at")).matches("computed at \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(text(team, "team-score")).isEqualTo("33.33 %");

        // A write this instance is not told about (another replica, direct SQL) shows only once
        // the kept answer is dropped: by the max age, or here by the writer's announcement.
        Fixtures.update(
                "update control_state set status = 'pass' where tenant_id = ? and asset_id = ? and control_id = '2.1'",
                world.own.id(),
                world.alphaHost);
        assertThat(text(page(session, "/app/teams/alpha"), "team-score")).isEqualTo("33.33 %");
        assertThat(text(page(session, "/app"), "tenant-score")).isEqualTo(text(overview, "tenant-score"));

        cache.invalidate(world.own.id());
        assertThat(text(page(session, "/app/teams/alpha"), "team-score")).isEqualTo("66.67 %");
        assertThat(text(page(session, "/app"), "tenant-score")).isNotEqualTo(text(overview, "tenant-score"));
    }

    @Test
    void the_same_team_slug_in_two_tenants_and_a_member_of_one_team_never_share_kept_pages() {
        DashboardWorld world = new DashboardWorld();
        UUID foreignAlpha = world.foreign.team("alpha");
        UUID foreignHost = UUID.randomUUID();
        String foreignHostName = "other-tenant-host-" + world.suffix;
        Fixtures.update(
                "insert into asset (tenant_id, id, team_id, kind, natural_key, name, first_seen, last_seen)"
                        + " values (?, ?, ?, 'host', ?, ?, ?, ?)",
                world.foreign.id(),
                foreignHost,
                foreignAlpha,
                "k-" + foreignHost,
                foreignHostName,
                Timestamp.from(world.now.minus(3, ChronoUnit.DAYS)),
                Timestamp.from(world.now));
        Fixtures.update(
                "insert into scan (tenant_id, id, team_id, host_asset_id, source, benchmark_id, benchmark_version,"
                        + " started_at, finished_at, result_count, passed, failed, content_sha256)"
                        + " values (?, ?, ?, ?, 'native', 'cis-docker', '1.6.0', ?, ?, 0, 0, 0, '\\x00')",
                world.foreign.id(),
                UUID.randomUUID(),
                foreignAlpha,
                foreignHost,
                Timestamp.from(world.now.minus(1, ChronoUnit.HOURS)),
                Timestamp.from(world.now.minus(1, ChronoUnit.HOURS)));
        Fixtures.update(
                "insert into control_state (tenant_id, asset_id, benchmark_id, benchmark_version, control_id, valid_from,"
                        + " team_id, status, evidence, last_seen, opened_by_scan)"
                        + " values (?, ?, 'cis-docker', '1.6.0', '2.1', ?, ?, 'fail', 'foreign evidence', ?, ?)",
                world.foreign.id(),
                foreignHost,
                Timestamp.from(world.now.minus(2, ChronoUnit.DAYS)),
                foreignAlpha,
                Timestamp.from(world.now),
                UUID.randomUUID());
        String alphaHostName = "alpha-host-" + world.suffix;
        Map<String, String> manager = world.session(oidc, "security-manager");
        Map<String, String> member = world.session(oidc, "team-member");
        Map<String, String> foreign = world.session(oidc, "foreign");

        for (int round = 0; round < 2; round++) {
            assertThat(page(manager, "/app/teams/alpha"))
                    .contains(alphaHostName)
                    .doesNotContain(foreignHostName);
            assertThat(page(foreign, "/app/teams/alpha"))
                    .contains(foreignHostName)
                    .doesNotContain(alphaHostName);
            assertThat(page(member, "/app/teams/alpha")).contains(alphaHostName);

            assertThat(page(manager, "/app")).contains("data-team=\"alpha\"").contains("data-team=\"beta\"");
            assertThat(page(member, "/app")).contains("data-team=\"alpha\"").doesNotContain("data-team=\"beta\"");
            assertThat(page(foreign, "/app"))
                    .contains("data-team=\"alpha\"")
                    .contains("data-team=\"gamma\"")
                    .doesNotContain("data-team=\"beta\"");

            Response beta = given().cookies(member).redirects().follow(false).get("/app/teams/beta");
            assertThat(beta.statusCode()).isEqualTo(404);
            assertThat(beta.asString()).doesNotContain("beta-host-");
        }
    }

    private static String page(Map<String, String> session, String path) {
        Response response = given().cookies(session).redirects().follow(false).get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.asString();
    }

    /** The text of the element with this data-testid. */
    private static String text(String html, String testId) {
        Matcher m = Pattern.compile("data-testid=\"" + testId + "\">([^<]*)<").matcher(html);
        assertThat(m.find()).as(testId).isTrue();
        return m.group(1).strip();
    }
}
