package dev.plimsoll.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every page × every role: what each may see (a team member only their teams, nobody another
 * tenant's), hostile text shown inert everywhere, movement and target sections, paging without
 * JavaScript, and raw scan downloads.
 */
@QuarkusTest
class DashboardPagesTest {

    static final List<String> ROLES = List.of("org-admin", "security-manager", "auditor", "team-member");

    @OidcWireMock
    WireMockServer oidc;

    DashboardWorld world;

    @BeforeEach
    void world() {
        world = new DashboardWorld();
    }

    record PageCase(String path, Set<String> allowed, List<String> shows, List<String> hides) {}

    List<PageCase> pages() {
        Set<String> all = Set.copyOf(ROLES);
        Set<String> managers = Set.of("org-admin", "security-manager", "auditor");
        String alphaHost = "alpha-host-" + world.suffix;
        String betaHost = "beta-host-" + world.suffix;
        String gammaHost = "gamma-host-" + world.suffix;
        return List.of(
                new PageCase("/app", all, List.of("data-team=\"alpha\""), List.of("gamma")),
                new PageCase("/app/teams", all, List.of("alpha"), List.of("gamma")),
                new PageCase("/app/teams/alpha", all, List.of(alphaHost), List.of(betaHost, gammaHost)),
                new PageCase("/app/teams/beta", managers, List.of(betaHost), List.of(alphaHost, gammaHost)),
                new PageCase("/app/teams/gamma", Set.of(), List.of(), List.of(gammaHost)),
                new PageCase(
                        "/app/assets/" + world.alphaHost,
                        all,
                        List.of(alphaHost, world.alphaScan.toString()),
                        List.of(gammaHost)),
                new PageCase("/app/assets/" + world.betaHost, managers, List.of(betaHost), List.of(gammaHost)),
                new PageCase("/app/assets/" + world.gammaHost, Set.of(), List.of(), List.of(gammaHost)),
                new PageCase("/app/controls/cis-docker/2.1", all, List.of(alphaHost), List.of(gammaHost)),
                new PageCase("/app/checklist", all, List.of(), List.of(gammaHost)));
    }

    @TestFactory
    List<DynamicTest> every_page_shows_each_role_only_what_it_may_see_and_never_another_tenant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String role : ROLES) {
            tests.add(DynamicTest.dynamicTest(role, () -> {
                Map<String, String> session = world.session(oidc, role);
                for (PageCase page : pages()) {
                    Response response =
                            given().cookies(session).redirects().follow(false).get(page.path());
                    String body = response.asString();
                    if (page.allowed().contains(role)) {
                        assertThat(response.statusCode())
                                .as(role + " " + page.path())
                                .isEqualTo(200);
                        for (String shown : page.shows()) {
                            assertThat(body).as(role + " " + page.path()).contains(shown);
                        }
                    } else {
                        assertThat(response.statusCode())
                                .as(role + " " + page.path())
                                .isEqualTo(404);
                        assertThat(response.contentType())
                                .as(role + " " + page.path())
                                .contains("text/html");
                    }
                    for (String hidden : page.hides()) {
                        assertThat(body)
                                .as(role + " " + page.path() + " shows " + hidden)
                                .doesNotContain(hidden);
                    }
                }
                // The team member's overview lists only alpha; the others see beta too.
                String overview = given().cookies(session).get("/app").asString();
                if (role.equals("team-member")) {
                    assertThat(overview).doesNotContain("data-team=\"beta\"").doesNotContain("beta-host-");
                } else {
                    assertThat(overview).contains("data-team=\"beta\"");
                }
            }));
        }
        return tests;
    }

    @Test
    void a_member_of_another_tenant_sees_none_of_these_pages() {
        Map<String, String> session = world.session(oidc, "foreign");
        for (PageCase page : pages()) {
            Response response =
                    given().cookies(session).redirects().follow(false).get(page.path());
            if (page.path().startsWith("/app/teams/") || page.path().startsWith("/app/assets/")) {
                boolean gamma = page.path().endsWith("gamma") || page.path().endsWith(world.gammaHost.toString());
                assertThat(response.statusCode()).as(page.path()).isEqualTo(gamma ? 200 : 404);
            }
            assertThat(response.asString())
                    .as(page.path())
                    .doesNotContain("alpha-host-")
                    .doesNotContain("beta-host-");
        }
    }

    @Test
    void hostile_text_in_names_and_evidence_is_shown_inert_on_every_page() {
        Map<String, String> session = world.session(oidc, "org-admin");
        List<String> paths = new ArrayList<>();
        for (PageCase page : pages()) {
            paths.add(page.path());
        }
        paths.add("/app/assets/" + world.alphaContainer);
        paths.add("/app/teams/beta?asOf=2000-01-01");
        for (String path : paths) {
            String body = given().cookies(session).get(path).asString();
            assertThat(body)
                    .as(path)
                    .doesNotContain("<script>alert")
                    .doesNotContain("<img src=x")
                    .doesNotContain("href=\"javascript:");
            assertThat(body.toLowerCase())
                    .as(path)
                    .doesNotContain("<script>alert")
                    .doesNotContain("<a href=\"javascript");
        }
        String asset =
                given().cookies(session).get("/app/assets/" + world.alphaHost).asString();
        assertThat(asset).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        String team = given().cookies(session).get("/app/teams/beta").asString();
        assertThat(team).contains("Beta &quot;&#39;&gt;&lt;script&gt;");
    }

    @Test
    void the_overview_lists_the_stale_collectors_and_counts_what_stands_behind_them() {
        UUID quiet = world.staleHost("quiet-" + world.suffix, "quiet-box-" + world.suffix);
        Map<String, String> session = world.session(oidc, "security-manager");
        String overview = given().cookies(session).get("/app").asString();
        assertThat(overview)
                .contains("data-stale=\"quiet-" + world.suffix + "\"")
                .contains("href=\"/app/assets/" + quiet + "\"")
                .contains("2 assets are left out of the score")
                .doesNotContain("data-stale=\"quiet-box-" + world.suffix + "\"");
        given().auth()
                .oauth2(world.own.member("security-manager"))
                .get("/api/v1/posture")
                .then()
                .statusCode(200)
                .body(
                        "staleAssets.name",
                        org.hamcrest.Matchers.hasItems("quiet-" + world.suffix, "quiet-box-" + world.suffix));
    }

    @Test
    void the_team_page_explains_the_movement_and_shows_the_target() {
        Map<String, String> session = world.session(oidc, "security-manager");
        String before = given().cookies(session).get("/app/teams/alpha").asString();
        assertThat(before).contains("No target set.");
        assertThat(before).contains("Score moved from — to 33.33 %: 2 new assets (1 passed, 2 failed).");

        Response put = given().cookies(session)
                .contentType(ContentType.JSON)
                .body(Map.of("targetPercent", 90, "due", "2030-06-30"))
                .put("/app/teams/alpha/target");
        assertThat(put.statusCode()).as("pages do not take API writes").isIn(401, 403, 404, 405);

        String memberToken = world.own.member("team-member", world.alpha);
        String managerToken = world.own.member("security-manager");
        given().auth()
                .oauth2(memberToken)
                .contentType(ContentType.JSON)
                .body(Map.of("targetPercent", 90, "due", "2030-06-30"))
                .put("/api/v1/teams/alpha/target")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(managerToken)
                .contentType(ContentType.JSON)
                .body(Map.of("targetPercent", 101, "due", "2030-06-30"))
                .put("/api/v1/teams/alpha/target")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", org.hamcrest.Matchers.equalTo("/targetPercent"));
        given().auth()
                .oauth2(managerToken)
                .contentType(ContentType.JSON)
                .body(Map.of("targetPercent", 90, "due", "2030-06-30"))
                .put("/api/v1/teams/alpha/target")
                .then()
                .statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("open"))
                .body("fixesNeeded", org.hamcrest.Matchers.equalTo(2));
        given().auth()
                .oauth2(memberToken)
                .get("/api/v1/teams/alpha/target")
                .then()
                .statusCode(200)
                .body("targetPercent", org.hamcrest.Matchers.equalTo(90.0f))
                .body("due", org.hamcrest.Matchers.equalTo("2030-06-30"))
                .body("passed", org.hamcrest.Matchers.equalTo(1))
                .body("failed", org.hamcrest.Matchers.equalTo(2));
        String after = given().cookies(session).get("/app/teams/alpha").asString();
        assertThat(after).contains("Target 90 % by 2030-06-30: 2 more passing results needed");
        String overview = given().cookies(session).get("/app").asString();
        assertThat(overview).contains("90.00 % by 2030-06-30 (open)").contains("data-testid=\"movement\"");
    }

    @Test
    void long_lists_page_on_the_server_without_javascript() {
        Map<String, String> session = world.session(oidc, "auditor");
        String first = given().cookies(session)
                .get("/app/assets/" + world.alphaHost + "?size=1")
                .asString();
        assertThat(first).contains("Page 1 of 2 (2 in all)").contains("rel=\"next\" href=\"?page=2&amp;size=1\"");
        assertThat(first).contains("data-control=\"2.1\"").doesNotContain("data-control=\"2.2\"");
        String second = given().cookies(session)
                .get("/app/assets/" + world.alphaHost + "?page=2&size=1")
                .asString();
        assertThat(second).contains("data-control=\"2.2\"").doesNotContain("data-control=\"2.1\"");
        String team =
                given().cookies(session).get("/app/teams/alpha?size=1&page=2").asString();
        assertThat(team).contains("Page 2 of 2").contains("rel=\"prev\"");
        assertThat(team).contains("<script type=\"module\" src=\"/static/js/tables.js\"></script>");
        assertThat(team).contains("class=\"sortable\"");
        given().get("/static/js/tables.js")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("export function enhance"));
    }

    @Test
    void raw_scan_documents_download_for_those_who_may_see_the_host() throws IOException {
        Map<String, String> auditor = world.session(oidc, "auditor");
        Response page =
                given().cookies(auditor).get("/app/assets/" + world.alphaHost + "/scans/" + world.alphaScan + "/raw");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"scan-" + world.alphaScan + ".json.gz\"");
        assertThat(gunzip(page.asByteArray())).isEqualTo(world.alphaRaw);
        // The container page lists its host's scans and downloads them too.
        assertThat(given().cookies(auditor)
                        .get("/app/assets/" + world.alphaContainer)
                        .asString())
                .contains(world.alphaScan.toString());
        // A scan of another host under this asset's address is not served.
        assertThat(given().cookies(auditor)
                        .get("/app/assets/" + world.alphaHost + "/scans/" + world.betaScan + "/raw")
                        .statusCode())
                .isEqualTo(404);

        Map<String, String> member = world.session(oidc, "team-member");
        assertThat(given().cookies(member)
                        .get("/app/assets/" + world.alphaHost + "/scans/" + world.alphaScan + "/raw")
                        .statusCode())
                .isEqualTo(200);
        assertThat(given().cookies(member)
                        .get("/app/assets/" + world.betaHost + "/scans/" + world.betaScan + "/raw")
                        .statusCode())
                .isEqualTo(404);
        assertThat(given().cookies(member)
                        .get("/app/assets/" + world.gammaHost + "/scans/" + world.gammaScan + "/raw")
                        .statusCode())
                .isEqualTo(404);

        String token = world.own.member("team-member", world.alpha);
        Response api = given().auth().oauth2(token).get("/api/v1/scans/" + world.alphaScan + "/raw");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.contentType()).isEqualTo("application/gzip");
        assertThat(gunzip(api.asByteArray())).isEqualTo(world.alphaRaw);
        assertThat(api.header("X-Raw-SHA256"))
                .isEqualTo(java.util.HexFormat.of().formatHex(DashboardWorld.sha256(world.alphaRaw)));
        given().auth()
                .oauth2(token)
                .get("/api/v1/scans/" + world.betaScan + "/raw")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(token)
                .get("/api/v1/scans/" + world.gammaScan + "/raw")
                .then()
                .statusCode(404);
    }

    static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
