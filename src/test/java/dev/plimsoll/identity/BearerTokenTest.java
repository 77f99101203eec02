package dev.plimsoll.identity;

import static io.restassured.RestAssured.given;

import dev.plimsoll.testing.Fixtures;
import dev.plimsoll.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Access tokens are checked for signature, issuer, audience and expiry. */
@QuarkusTest
class BearerTokenTest {

    @Test
    void a_valid_access_token_is_accepted() {
        given().auth()
                .oauth2(Fixtures.tenant().member("auditor"))
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200);
    }

    @Test
    void an_unsigned_token_is_refused() {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String body = base64("{\"sub\":\"x\",\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"plimsoll\",\"exp\":"
                + (Instant.now().getEpochSecond() + 300) + "}");
        given().auth()
                .oauth2(header + "." + body + ".")
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401);
    }

    @Test
    void a_token_for_another_audience_is_refused() {
        given().auth()
                .oauth2(token(Tokens.ISSUER, "some-other-service", 300))
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401);
    }

    @Test
    void a_token_from_another_issuer_is_refused() {
        given().auth()
                .oauth2(token("https://evil.example.com", Tokens.AUDIENCE, 300))
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401);
    }

    @Test
    void an_expired_token_is_refused() {
        given().auth()
                .oauth2(token(Tokens.ISSUER, Tokens.AUDIENCE, -600))
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401);
    }

    @Test
    void a_token_with_a_tampered_payload_is_refused() {
        String token = Fixtures.tenant().member("auditor");
        String[] parts = token.split("\\.");
        String forged = parts[0] + "."
                + base64("{\"sub\":\"someone-else\",\"iss\":\"" + Tokens.ISSUER + "\",\"aud\":\"plimsoll\",\"exp\":"
                        + (Instant.now().getEpochSecond() + 300) + "}")
                + "." + parts[2];
        given().auth().oauth2(forged).when().get("/api/v1/me").then().statusCode(401);
    }

    private static String token(String issuer, String audience, long expiresInSeconds) {
        return Jwt.claims()
                .subject("s")
                .issuer(issuer)
                .audience(audience)
                .claim("realm_access", Map.of("roles", List.of()))
                .issuedAt(Instant.now().minusSeconds(900))
                .expiresAt(Instant.now().plusSeconds(expiresInSeconds))
                .sign();
    }

    private static String base64(String json) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
