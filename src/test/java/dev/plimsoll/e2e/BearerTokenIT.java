package dev.plimsoll.e2e;

import static dev.plimsoll.e2e.EndToEnd.tokensOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.plimsoll.e2e.EndToEnd.RealmTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API against tokens of the real Keycloak realm, on the packaged application: only access
 * tokens meant for Plimsoll's API, signed by the realm, are accepted, and roles hold.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = KeycloakResource.class, restrictToAnnotatedClass = true)
class BearerTokenIT {

    @Test
    void an_operator_creates_a_tenant_and_the_invited_admin_is_its_org_admin() {
        String slug = EndToEnd.createTenant("Bearer Freight", "admin@acme.test");

        given().auth()
                .oauth2(tokensOf("admin@acme.test").access())
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("email", equalTo("admin@acme.test"))
                .body("operator", equalTo(false))
                .body("tenant.slug", equalTo(slug))
                .body("tenant.name", equalTo("Bearer Freight"))
                .body("role", equalTo("org-admin"))
                .body("tenants", hasSize(1));
    }

    @Test
    void an_id_token_is_not_accepted_as_an_access_token() {
        RealmTokens tokens = tokensOf("manager@globex.test");

        given().auth().oauth2(tokens.access()).get("/api/v1/me").then().statusCode(200);
        given().auth().oauth2(tokens.id()).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void an_access_token_with_a_tampered_signature_is_refused() {
        String token = tokensOf("dev@globex.test").access();
        String[] parts = token.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        String tampered = parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);

        given().auth().oauth2(token).get("/api/v1/me").then().statusCode(200);
        given().auth().oauth2(tampered).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void a_person_who_is_not_the_operator_cannot_create_tenants() {
        given().auth()
                .oauth2(tokensOf("manager@acme.test").access())
                .contentType(ContentType.JSON)
                .body(Map.of("slug", "not-allowed", "name", "Not allowed", "adminEmail", "manager@acme.test"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(403);
    }

    @Test
    void the_operator_sees_no_tenant_data() {
        String operator = tokensOf("operator@plimsoll.test").access();

        given().auth().oauth2(operator).get("/api/v1/me").then().statusCode(200).body("operator", equalTo(true));
        given().auth().oauth2(operator).get("/api/v1/teams").then().statusCode(403);
    }
}
