package dev.plimsoll.testing;

import io.smallrye.jwt.build.Jwt;
import java.util.List;
import java.util.Map;

/** Bearer tokens signed by the local OIDC test server's key, shaped like Keycloak's access tokens. */
public final class Tokens {

    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "plimsoll-api";

    private Tokens() {}

    /** An access token for a person with a verified e-mail and optional realm roles. */
    public static String person(String subject, String email, String... realmRoles) {
        return Jwt.claims()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .claim("email", email)
                .claim("email_verified", true)
                .claim("preferred_username", email)
                .claim("realm_access", Map.of("roles", List.of(realmRoles)))
                // Long enough for the longest test class (the isolation matrix) on a slow machine.
                .expiresIn(3600)
                .sign();
    }

    public static String operator(String subject) {
        return person(subject, subject + "@operator.example", "plimsoll-operator");
    }
}
