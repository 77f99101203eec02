package dev.plimsoll.bench;

import com.sun.net.httpserver.HttpServer;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A minimal OpenID provider on 127.0.0.1 for the benchmark: discovery and a signing key, and
 * access tokens signed here for the generated members (there is no login; the load tool sends
 * bearer tokens).
 */
final class BenchIdentityProvider implements AutoCloseable {

    static final String AUDIENCE = "plimsoll-api";
    private static final String KEY_ID = "bench";

    private final HttpServer server;
    private final KeyPair keys;
    private final String issuer;

    BenchIdentityProvider() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/bench";
        server.createContext("/realms/bench/.well-known/openid-configuration", exchange -> {
            respond(exchange, """
                    {"issuer":"%1$s","jwks_uri":"%1$s/keys","authorization_endpoint":"%1$s/auth",
                     "token_endpoint":"%1$s/token","end_session_endpoint":"%1$s/logout",
                     "id_token_signing_alg_values_supported":["RS256"]}
                    """.formatted(issuer));
        });
        server.createContext("/realms/bench/keys", exchange -> {
            RSAPublicKey key = (RSAPublicKey) keys.getPublic();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            respond(exchange, """
                    {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}
                    """.formatted(
                            KEY_ID,
                            b64.encodeToString(unsigned(key.getModulus().toByteArray())),
                            b64.encodeToString(unsigned(key.getPublicExponent().toByteArray()))));
        });
        server.start();
    }

    String issuer() {
        return issuer;
    }

    /** An access token for a bound member, valid for an hour. */
    String token(String subject, String email) {
        return Jwt.claims()
                .subject(subject)
                .issuer(issuer)
                .audience(AUDIENCE)
                .claim("email", email)
                .claim("email_verified", true)
                .claim("preferred_username", email)
                .claim("realm_access", Map.of("roles", List.of()))
                .expiresIn(3600)
                .jws()
                .keyId(KEY_ID)
                .sign(keys.getPrivate());
    }

    private static byte[] unsigned(byte[] value) {
        return value.length > 1 && value[0] == 0 ? java.util.Arrays.copyOfRange(value, 1, value.length) : value;
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
