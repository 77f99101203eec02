package dev.plimsoll.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plimsoll.identity.CollectorPrincipal;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The one write path of the audit trail. Every state change calls {@link #record} inside its own
 * transaction, so the event is stored if and only if the change is. The database fills in the
 * sequence number, the time and the hash chain (see migrations/V5__audit_trail.sql); this class
 * only says who, what, from where, and the state before and after.
 */
@ApplicationScoped
public class AuditLog {

    static final int MAX_USER_AGENT = 512;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TenantContext tenants;

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    CurrentVertxRequest requests;

    @Inject
    ObjectMapper json;

    /**
     * Appends an event in the current transaction: tenant from the tenant context, actor and source
     * from the current request's identity (or "system"). before/after are serialised to JSON (null
     * allowed).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String targetType, String targetId, Object before, Object after) {
        recordAs(currentActor(), action, targetType, targetId, before, after);
    }

    /**
     * As {@link #record}, with the actor named by the caller: background jobs pass
     * {@link AuditActor#system}, collector-token callers {@link AuditActor#collector}. The source is
     * the current request's, when there is one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAs(
            AuditActor actor, String action, String targetType, String targetId, Object before, Object after) {
        UUID tenant = tenants.current()
                .orElseThrow(() -> new IllegalStateException("An audit event needs a tenant: none is set for " + action
                        + " (use TenantContext.callAs in jobs)"));
        try (Connection connection = dataSource.getConnection()) {
            append(
                    connection,
                    tenant,
                    actor,
                    currentSource(),
                    action,
                    targetType,
                    targetId,
                    toJson(before),
                    toJson(after));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the audit event " + action, e);
        }
    }

    /**
     * Appends an event on a connection the caller manages (for the few writes that happen before
     * a request has a tenant, such as binding an invitation at first sign-in). The connection's
     * transaction must have {@code plimsoll.tenant} set to {@code tenant}.
     */
    public static void append(
            Connection connection,
            UUID tenant,
            AuditActor actor,
            AuditSource source,
            String action,
            String targetType,
            String targetId,
            String beforeJson,
            String afterJson)
            throws SQLException {
        // seq, occurred_at, prev_hash and hash are the trigger's to set; the values here are placeholders.
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit_event (tenant_id, seq, id, actor_kind, actor, actor_label, source_ip, user_agent,
                                         action, target_type, target_id, before, after, hash)
                values (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ''::bytea)
                """)) {
            insert.setObject(1, tenant);
            insert.setObject(2, UUID.randomUUID());
            insert.setString(3, actor.kind());
            insert.setString(4, actor.id());
            insert.setString(5, actor.label());
            insert.setString(6, AuditSource.bounded(source.ip(), 64));
            insert.setString(7, AuditSource.bounded(source.userAgent(), MAX_USER_AGENT));
            insert.setString(8, action);
            insert.setString(9, targetType);
            insert.setString(10, targetId);
            insert.setString(11, beforeJson);
            insert.setString(12, afterJson);
            insert.executeUpdate();
        }
    }

    /** The actor of the current request: person, operator or collector token; otherwise Plimsoll itself. */
    AuditActor currentActor() {
        SecurityIdentity identity;
        try {
            identity = identities.getIdentity();
        } catch (ContextNotActiveException e) {
            return AuditActor.system(null);
        }
        if (identity == null || identity.isAnonymous()) {
            return AuditActor.system(null);
        }
        if (identity.getPrincipal() instanceof CollectorPrincipal collector) {
            return AuditActor.collector(collector.tokenId());
        }
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object email = token.getClaim("email");
            String label = email == null ? null : email.toString();
            return new AuditActor(
                    identity.hasRole(Roles.OPERATOR) ? AuditActor.OPERATOR : AuditActor.USER,
                    token.getSubject(),
                    label);
        }
        return new AuditActor(AuditActor.USER, identity.getPrincipal().getName(), null);
    }

    /** The client's address and user agent when a request is in progress. */
    AuditSource currentSource() {
        try {
            RoutingContext request = requests.getCurrent();
            return request == null ? AuditSource.NONE : sourceOf(request);
        } catch (ContextNotActiveException e) {
            return AuditSource.NONE;
        }
    }

    /** The source of an HTTP request (the forwarded address when the proxy settings allow it). */
    public static AuditSource sourceOf(RoutingContext request) {
        SocketAddress remote = request.request().remoteAddress();
        return new AuditSource(
                remote == null ? null : remote.hostAddress(), request.request().getHeader("User-Agent"));
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
