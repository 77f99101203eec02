package dev.plimsoll.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** What the end-to-end tests share: where the application answers, tokens from the realm, tenants. */
final class EndToEnd {

    /**
     * The packaged application runs on the integration-test port ({@code quarkus.http.test-port},
     * 8081 by default), the one port besides the demo's that the realm lets Keycloak redirect to.
     */
    static final String APP_URL = "http://localhost:8081";

    private EndToEnd() {}

    /** Tokens the realm issued to one of its users. */
    record RealmTokens(String access, String id) {}

    /** Signs {@code email} in with the password grant: an access token and an ID token. */
    static RealmTokens tokensOf(String email) {
        JsonPath body = given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", KeycloakResource.CLIENT_ID)
                .formParam("client_secret", KeycloakResource.CLIENT_SECRET)
                .formParam("username", email)
                .formParam("password", KeycloakResource.PASSWORD)
                .formParam("scope", "openid email profile")
                .post(KeycloakResource.REALM_URL + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new RealmTokens(body.getString("access_token"), body.getString("id_token"));
    }

    /** The operator creates a tenant and invites {@code adminEmail} as its org admin; its slug. */
    static String createTenant(String name, String adminEmail) {
        String slug = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth()
                .oauth2(tokensOf("operator@plimsoll.test").access())
                .contentType(ContentType.JSON)
                .body(Map.of("slug", slug, "name", name, "adminEmail", adminEmail))
                .post(APP_URL + "/api/v1/tenants")
                .then()
                .statusCode(201);
        return slug;
    }

    /** The build directory ({@code target}, or {@code -Dplimsoll.build.dir}). */
    static Path buildDir() {
        return Path.of(System.getProperty("plimsoll.build.dir", "target"));
    }

    /** Where the suite leaves its logs and screenshots: {@code target/e2e}. */
    static Path logDir() {
        Path dir = buildDir().resolve("e2e");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
