package dev.plimsoll.identity;

import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Authenticates {@code Authorization: Bearer plc_...} collector tokens on the API. Runs before
 * the OIDC bearer check; any other credential is left to it. The token is looked up by the
 * SHA-256 of the secret on every request, so a revoked or expired token is refused at once.
 */
@ApplicationScoped
public class CollectorTokenAuthentication
        implements HttpAuthenticationMechanism, IdentityProvider<CollectorTokenAuthentication.TokenRequest> {

    /** The presented secret, waiting to be checked. */
    public static final class TokenRequest extends BaseAuthenticationRequest {
        final String token;

        TokenRequest(String token) {
            this.token = token;
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String authorization = context.request().getHeader("Authorization");
        if (authorization == null
                || !authorization.regionMatches(true, 0, "Bearer " + CollectorTokenSecrets.PREFIX, 0, 11)) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        String token = authorization.substring("Bearer ".length()).trim();
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new TokenRequest(token), context));
    }

    /** No challenge of its own: the OIDC mechanisms answer (a sign-in redirect on pages, 401 on the API). */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends io.quarkus.security.identity.request.AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    /** Before the OIDC bearer mechanism, which would reject a token that is not a JWT. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }

    @Override
    public Class<TokenRequest> getRequestType() {
        return TokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenRequest request, AuthenticationRequestContext context) {
        if (!CollectorTokenSecrets.looksLikeToken(request.token)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed collector token"));
        }
        return context.runBlocking(() -> identityFor(request.token));
    }

    private SecurityIdentity identityFor(String token) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                CollectorPrincipal principal = lookUp(connection, token);
                connection.commit();
                return QuarkusSecurityIdentity.builder()
                        .setPrincipal(principal)
                        .addRole(Roles.COLLECTOR)
                        .addAttribute(TenantContext.TENANT_ATTRIBUTE, principal.tenantId())
                        .build();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the collector token", e);
        }
    }

    private static CollectorPrincipal lookUp(Connection connection, String token) throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("select set_config('plimsoll.token_hash', ?, true)")) {
            set.setString(1, CollectorTokenSecrets.hashHex(token));
            set.execute();
        }
        CollectorPrincipal principal;
        try (PreparedStatement find = connection.prepareStatement(
                        "select tenant_id, team_id, id, expires_at, revoked_at from collector_token where secret_hash = ?");
                ResultSet row = bind(find, CollectorTokenSecrets.hash(token))) {
            if (!row.next()) {
                throw new AuthenticationFailedException("unknown collector token");
            }
            Timestamp expires = row.getTimestamp(4);
            if (row.getTimestamp(5) != null) {
                throw new AuthenticationFailedException("revoked collector token");
            }
            if (expires != null && !expires.toInstant().isAfter(Instant.now())) {
                throw new AuthenticationFailedException("expired collector token");
            }
            principal = new CollectorPrincipal(
                    row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getObject(3, UUID.class));
        }
        try (PreparedStatement tenant = connection.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
            tenant.setString(1, principal.tenantId().toString());
            tenant.execute();
        }
        // Minute resolution keeps the last-used time honest without a write on every request.
        try (PreparedStatement used = connection.prepareStatement(
                "update collector_token set last_used_at = now() where tenant_id = ? and id = ?"
                        + " and (last_used_at is null or last_used_at < now() - interval '1 minute')")) {
            used.setObject(1, principal.tenantId());
            used.setObject(2, principal.tokenId());
            used.executeUpdate();
        }
        return principal;
    }

    private static ResultSet bind(PreparedStatement statement, byte[] hash) throws SQLException {
        statement.setBytes(1, hash);
        return statement.executeQuery();
    }
}
