package dev.plimsoll.identity;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.plimsoll.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Collector tokens: shown once, stored as a hash, scoped, revocable, refused at once when revoked. */
@QuarkusTest
class CollectorTokenTest {

    @Test
    void an_org_admin_creates_a_token_that_is_shown_once_and_stored_only_as_a_hash() throws Exception {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("payments");
        String admin = tenant.member("org-admin");

        Response created = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"team\":\"payments\",\"name\":\"web-01\"}")
                .when()
                .post("/api/v1/collector-tokens");
        created.then().statusCode(201).header("Cache-Control", "no-store").body("team", equalTo("payments"));
        String token = created.path("token");
        assertThat(token).matches("plc_[A-Za-z0-9_-]{43}");

        given().auth()
                .oauth2(admin)
                .when()
                .get("/api/v1/collector-tokens")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].prefix", equalTo(token.substring(0, 10)))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("token")));

        try (Connection connection = DriverManager.getConnection(Fixtures.adminUrl());
                PreparedStatement find = connection.prepareStatement(
                        "select count(*) from collector_token where tenant_id = ? and encode(secret_hash, 'escape') like ?")) {
            find.setObject(1, tenant.id());
            find.setString(2, "%" + token.substring(4) + "%");
            ResultSet rows = find.executeQuery();
            rows.next();
            assertThat(rows.getInt(1)).as("rows holding the secret in clear").isZero();
        }
    }

    @Test
    void a_collector_token_authenticates_but_may_not_act_as_a_person() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("payments");
        String token = createToken(tenant.member("org-admin"), "payments");

        given().auth().oauth2(token).when().get("/api/v1/teams").then().statusCode(403);
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(403);
    }

    @Test
    void a_revoked_token_is_refused_on_the_next_request() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("payments");
        String admin = tenant.member("org-admin");
        Response created = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"team\":\"payments\",\"name\":\"web-01\"}")
                .when()
                .post("/api/v1/collector-tokens");
        String token = created.path("token");
        String id = created.path("id");
        given().auth().oauth2(token).when().get("/api/v1/teams").then().statusCode(403);

        given().auth()
                .oauth2(admin)
                .when()
                .delete("/api/v1/collector-tokens/" + id)
                .then()
                .statusCode(204);

        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/teams")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(admin)
                .when()
                .get("/api/v1/collector-tokens")
                .then()
                .body("items[0].revokedAt", not(nullValue()));
    }

    @Test
    void an_expired_token_is_refused() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        UUID team = tenant.team("payments");
        String token = createToken(tenant.member("org-admin"), "payments");
        Fixtures.update(
                "update collector_token set expires_at = now() - interval '1 second' where tenant_id = ? and team_id = ?",
                tenant.id(),
                team);
        given().auth().oauth2(token).when().get("/api/v1/teams").then().statusCode(401);
    }

    @Test
    void an_unknown_or_malformed_token_is_refused() {
        given().auth()
                .oauth2("plc_" + "A".repeat(43))
                .when()
                .get("/api/v1/teams")
                .then()
                .statusCode(401);
        given().auth().oauth2("plc_short").when().get("/api/v1/teams").then().statusCode(401);
    }

    @Test
    void a_token_for_a_team_of_another_tenant_cannot_be_created() {
        Fixtures.TenantFixture other = Fixtures.tenant();
        other.team("theirs");
        Fixtures.TenantFixture mine = Fixtures.tenant();
        given().auth()
                .oauth2(mine.member("org-admin"))
                .contentType(ContentType.JSON)
                .body("{\"team\":\"theirs\",\"name\":\"x\"}")
                .when()
                .post("/api/v1/collector-tokens")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/team"));
    }

    @Test
    void only_org_admins_manage_tokens() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        tenant.team("payments");
        for (String role : new String[] {"security-manager", "auditor", "team-member"}) {
            String person = tenant.member(role);
            given().auth()
                    .oauth2(person)
                    .when()
                    .get("/api/v1/collector-tokens")
                    .then()
                    .statusCode(403);
            given().auth()
                    .oauth2(person)
                    .contentType(ContentType.JSON)
                    .body("{\"team\":\"payments\",\"name\":\"x\"}")
                    .when()
                    .post("/api/v1/collector-tokens")
                    .then()
                    .statusCode(403);
        }
    }

    static String createToken(String admin, String team) {
        return given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"team\":\"" + team + "\",\"name\":\"collector\"}")
                .when()
                .post("/api/v1/collector-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
    }
}
