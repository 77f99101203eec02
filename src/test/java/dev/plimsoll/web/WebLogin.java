package dev.plimsoll.web;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.plimsoll.testing.Tokens;
import io.restassured.http.Cookie;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Signs a person in to the pages through the real authorization-code flow against the local
 * OIDC test server: the server's token endpoint is taught to answer one fresh code with an ID
 * token for the given subject, and the code is handed back to Plimsoll's redirect URI with the
 * state Plimsoll chose. The session cookies Plimsoll sets are the result.
 */
public final class WebLogin {

    static final String TOKEN_PATH = "/auth/realms/quarkus/token";

    private WebLogin() {}

    /** Teaches the test server one code for this person; returns the code. */
    static String codeFor(WireMockServer oidc, String subject, String email) {
        String code = "code-" + UUID.randomUUID();
        String idToken = Jwt.claims()
                .subject(subject)
                .issuer(Tokens.ISSUER)
                .audience("quarkus-web-app")
                .claim("email", email)
                .claim("email_verified", true)
                .claim("preferred_username", email)
                .expiresIn(3600)
                .sign();
        oidc.stubFor(WireMock.post(WireMock.urlPathEqualTo(TOKEN_PATH))
                .atPriority(1)
                .withRequestBody(WireMock.containing("code=" + code))
                .willReturn(WireMock.aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"" + idToken + "\",\"id_token\":\"" + idToken
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
        return code;
    }

    /** Signs in through the code flow and returns the session cookies for later requests. */
    public static Map<String, String> session(WireMockServer oidc, String subject, String email) {
        String code = codeFor(oidc, subject, email);
        Response challenge = given().redirects().follow(false).when().get("/app");
        if (challenge.statusCode() != 302) {
            throw new IllegalStateException("Expected a redirect to sign in, got " + challenge.statusCode());
        }
        Map<String, String> query = query(URI.create(challenge.header("Location")));
        Map<String, String> cookies = new LinkedHashMap<>();
        for (Cookie c : challenge.detailedCookies()) {
            cookies.put(c.getName(), c.getValue());
        }
        URI back = URI.create(query.get("redirect_uri"));
        Response callback = given().redirects()
                .follow(false)
                .cookies(cookies)
                .queryParam("state", query.get("state"))
                .queryParam("code", code)
                .when()
                .get(back.getPath());
        if (callback.statusCode() != 302) {
            throw new IllegalStateException("Sign-in failed: " + callback.statusCode() + " " + callback.asString());
        }
        Map<String, String> session = new LinkedHashMap<>();
        for (Cookie c : callback.detailedCookies()) {
            if (c.getValue() != null && !c.getValue().isEmpty()) {
                session.put(c.getName(), c.getValue());
            }
        }
        return session;
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                result.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return result;
    }
}
