package dev.plimsoll.tenancy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Operators create tenants; org admins invite, change and remove members; invitations bind by verified e-mail. */
@QuarkusTest
class TenantsAndMembersTest {

    static String slug() {
        return "t-" + UUID.randomUUID().toString().substring(0, 10);
    }

    static String email() {
        return "person-" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void an_operator_creates_a_tenant_whose_admin_binds_at_first_sign_in() {
        String slug = slug();
        String adminEmail = email();
        given().auth()
                .oauth2(Tokens.operator("op-" + UUID.randomUUID()))
                .contentType(ContentType.JSON)
                .body("{\"slug\":\"" + slug + "\",\"name\":\"Example\",\"adminEmail\":\"" + adminEmail.toUpperCase()
                        + "\"}")
                .when()
                .post("/api/v1/tenants")
                .then()
                .statusCode(201)
                .body("slug", equalTo(slug))
                .body("adminEmail", equalTo(adminEmail));

        String admin = Tokens.person("subject-" + UUID.randomUUID(), adminEmail);
        given().auth()
                .oauth2(admin)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant.slug", equalTo(slug))
                .body("role", equalTo("org-admin"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"slug\":\"ops\",\"name\":\"Ops\"}")
                .when()
                .post("/api/v1/teams")
                .then()
                .statusCode(201);
    }

    @Test
    void a_tenant_slug_is_unique_across_tenants() {
        String slug = slug();
        String operator = Tokens.operator("op-" + UUID.randomUUID());
        String body = "{\"slug\":\"" + slug + "\",\"name\":\"Example\",\"adminEmail\":\"" + email() + "\"}";
        given().auth()
                .oauth2(operator)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        given().auth()
                .oauth2(operator)
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/tenants")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void only_operators_create_tenants_and_operators_see_no_tenant_data() {
        String body = "{\"slug\":\"" + slug() + "\",\"name\":\"Example\",\"adminEmail\":\"" + email() + "\"}";
        given().auth()
                .oauth2(Fixtures.tenant().member("org-admin"))
                .contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/v1/tenants")
                .then()
                .statusCode(403);
        String operator = Tokens.operator("op-" + UUID.randomUUID());
        given().auth().oauth2(operator).when().get("/api/v1/teams").then().statusCode(403);
        given().auth().oauth2(operator).when().get("/api/v1/members").then().statusCode(403);
    }

    @Test
    void an_unverified_email_does_not_bind_an_invitation() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String invited = email();
        given().auth()
                .oauth2(tenant.member("org-admin"))
                .contentType(ContentType.JSON)
                .body("{\"email\":\"" + invited + "\",\"role\":\"auditor\"}")
                .when()
                .post("/api/v1/members")
                .then()
                .statusCode(201)
                .body("bound", equalTo(false));
        String unverified = io.smallrye.jwt.build.Jwt.claims()
                .subject("s-" + UUID.randomUUID())
                .issuer(Tokens.ISSUER)
                .audience(Tokens.AUDIENCE)
                .claim("email", invited)
                .claim("email_verified", false)
                .sign();
        given().auth()
                .oauth2(unverified)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenants.size()", equalTo(0));
        given().auth()
                .oauth2(Tokens.person("s-" + UUID.randomUUID(), invited))
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("role", equalTo("auditor"));
    }

    @Test
    void a_removed_member_is_refused_on_the_next_request() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        String invited = email();
        String id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"email\":\"" + invited + "\",\"role\":\"security-manager\"}")
                .when()
                .post("/api/v1/members")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String person = Tokens.person("s-" + UUID.randomUUID(), invited);
        given().auth().oauth2(person).when().get("/api/v1/teams").then().statusCode(200);

        given().auth()
                .oauth2(admin)
                .when()
                .delete("/api/v1/members/" + id)
                .then()
                .statusCode(204);

        given().auth().oauth2(person).when().get("/api/v1/teams").then().statusCode(403);
    }

    @Test
    void a_role_change_applies_on_the_next_request() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        String invited = email();
        String id = given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"email\":\"" + invited + "\",\"role\":\"auditor\"}")
                .when()
                .post("/api/v1/members")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String person = Tokens.person("s-" + UUID.randomUUID(), invited);
        given().auth().oauth2(person).when().get("/api/v1/members").then().statusCode(403);

        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"role\":\"org-admin\"}")
                .when()
                .patch("/api/v1/members/" + id)
                .then()
                .statusCode(200)
                .body("role", equalTo("org-admin"));

        given().auth().oauth2(person).when().get("/api/v1/members").then().statusCode(200);
    }

    @Test
    void the_last_org_admin_cannot_be_removed_or_demoted() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        String admin = tenant.member("org-admin");
        String id = given().auth()
                .oauth2(admin)
                .when()
                .get("/api/v1/members")
                .then()
                .statusCode(200)
                .extract()
                .path("items[0].id");
        given().auth()
                .oauth2(admin)
                .when()
                .delete("/api/v1/members/" + id)
                .then()
                .statusCode(409);
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"role\":\"auditor\"}")
                .when()
                .patch("/api/v1/members/" + id)
                .then()
                .statusCode(409);
    }

    @Test
    void an_invitation_names_its_bad_fields() {
        String admin = Fixtures.tenant().member("org-admin");
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"email\":\"not-an-email\",\"role\":\"king\",\"teams\":[\"nope\"]}")
                .when()
                .post("/api/v1/members")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/email"))
                .body("errors.pointer", hasItem("/role"));
        given().auth()
                .oauth2(admin)
                .contentType(ContentType.JSON)
                .body("{\"email\":\"x@example.com\",\"role\":\"team-member\",\"teams\":[\"nope\"]}")
                .when()
                .post("/api/v1/members")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/teams/0"));
    }

    @Test
    void a_team_member_sees_only_their_own_teams() {
        Fixtures.TenantFixture tenant = Fixtures.tenant();
        UUID payments = tenant.team("payments");
        tenant.team("platform");
        given().auth()
                .oauth2(tenant.member("team-member", payments))
                .when()
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.slug", contains("payments"));
        given().auth()
                .oauth2(tenant.member("auditor"))
                .when()
                .get("/api/v1/teams")
                .then()
                .statusCode(200)
                .body("items.slug", contains("payments", "platform"));
    }

    @Test
    void a_tenant_header_is_accepted_only_for_a_member() {
        Fixtures.TenantFixture mine = Fixtures.tenant();
        Fixtures.TenantFixture theirs = Fixtures.tenant();
        theirs.team("secret-team");
        String me = mine.member("org-admin");
        given().auth()
                .oauth2(me)
                .header("Plimsoll-Tenant", theirs.slug())
                .when()
                .get("/api/v1/teams")
                .then()
                .statusCode(403)
                .body("detail", not(equalTo(null)));
        given().auth()
                .oauth2(me)
                .header("Plimsoll-Tenant", theirs.slug())
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(null));
    }
}
