package dev.plimsoll.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plimsoll.audit.AuditActor;
import dev.plimsoll.audit.AuditLog;
import dev.plimsoll.audit.AuditSource;
import dev.plimsoll.platform.db.TenantContext;
import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Adds a person's tenant membership to their identity. Membership and roles live in Plimsoll's
 * database, keyed by the token's subject; the first login whose verified e-mail matches a pending
 * invitation binds it. The tenant comes from the {@code Plimsoll-Tenant} header (API) or the
 * tenant cookie (pages) and is accepted only for a member; with one membership it is implied.
 */
@ApplicationScoped
public class MembershipAugmentor implements SecurityIdentityAugmentor {

    public static final String TENANT_HEADER = "Plimsoll-Tenant";
    public static final String TENANT_COOKIE = "plimsoll-tenant";
    public static final String MEMBERSHIPS_ATTRIBUTE = "plimsoll.memberships";
    public static final String MEMBERSHIP_ATTRIBUTE = "plimsoll.membership";
    /** Present when the chosen membership is an auditor engagement: an {@link EngagementAccess}. */
    public static final String ENGAGEMENT_ATTRIBUTE = "plimsoll.engagement";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return augment(identity, context, Map.of());
    }

    @Override
    public Uni<SecurityIdentity> augment(
            SecurityIdentity identity, AuthenticationRequestContext context, Map<String, Object> attributes) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        RoutingContext request = HttpSecurityUtils.getRoutingContextAttribute(attributes);
        Optional<String> requestedTenant = requestedTenant(request);
        AuditSource source = request == null ? AuditSource.NONE : AuditLog.sourceOf(request);
        return context.runBlocking(() -> withMembership(identity, token, requestedTenant, source));
    }

    private SecurityIdentity withMembership(
            SecurityIdentity identity, JsonWebToken token, Optional<String> requested, AuditSource source) {
        Map<UUID, EngagementAccess> engagements = new java.util.HashMap<>();
        List<Membership> memberships = membershipsOf(token.getSubject(), verifiedEmail(token), source, engagements);
        Optional<Membership> chosen = requested.isPresent()
                ? memberships.stream()
                        .filter(m -> m.tenantSlug().equals(requested.get()))
                        .findFirst()
                : memberships.size() == 1 ? Optional.of(memberships.get(0)) : Optional.empty();
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder(identity)
                .addRole(Roles.PERSON)
                .addAttribute(MEMBERSHIPS_ATTRIBUTE, List.copyOf(memberships));
        chosen.ifPresent(m -> builder.addRole(m.role())
                .addAttribute(MEMBERSHIP_ATTRIBUTE, m)
                .addAttribute(TenantContext.TENANT_ATTRIBUTE, m.tenantId()));
        chosen.map(m -> engagements.get(m.membershipId()))
                .ifPresent(access -> builder.addAttribute(ENGAGEMENT_ATTRIBUTE, access));
        return builder.build();
    }

    /**
     * Binds pending invitations for the verified e-mail to the subject, then reads the subject's
     * memberships. Row-level security shows this transaction only the rows of that subject and
     * e-mail (see the policies of V1).
     */
    private List<Membership> membershipsOf(
            String subject, String verifiedEmail, AuditSource source, Map<UUID, EngagementAccess> engagements) {
        List<Membership> memberships = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement set = connection.prepareStatement(
                        "select set_config('plimsoll.subject', ?, true), set_config('plimsoll.email', ?, true)")) {
                    set.setString(1, subject);
                    set.setString(2, verifiedEmail == null ? "" : verifiedEmail);
                    set.execute();
                }
                if (verifiedEmail != null) {
                    List<Bound> bound = new ArrayList<>();
                    try (PreparedStatement bind = connection.prepareStatement("""
                            update membership m set subject = ?, bound_at = now(), updated_at = now()
                             where m.subject is null and m.email = ?
                               and (m.access_until is null or m.access_until > now())
                               and not exists (select 1 from membership o where o.tenant_id = m.tenant_id and o.subject = ?)
                            returning m.tenant_id, m.id, m.role, m.invited_at, m.bound_at
                            """)) {
                        bind.setString(1, subject);
                        bind.setString(2, verifiedEmail);
                        bind.setString(3, subject);
                        try (ResultSet rows = bind.executeQuery()) {
                            while (rows.next()) {
                                bound.add(new Bound(
                                        rows.getObject(1, UUID.class),
                                        rows.getObject(2, UUID.class),
                                        rows.getString(3),
                                        rows.getTimestamp(4).toInstant(),
                                        rows.getTimestamp(5).toInstant()));
                            }
                        }
                    }
                    for (Bound b : bound) {
                        audit(connection, b, subject, verifiedEmail, source);
                    }
                }
                try (PreparedStatement select = connection.prepareStatement("""
                                select m.tenant_id, t.slug, t.name, m.id, m.role, m.access_until, m.as_of_day
                                  from membership m join tenant t on t.id = m.tenant_id
                                 where m.subject = ? and (m.access_until is null or m.access_until > now())
                                 order by t.slug
                                """);
                        ResultSet rows = bindAndQuery(select, subject)) {
                    while (rows.next()) {
                        memberships.add(new Membership(
                                rows.getObject(1, UUID.class),
                                rows.getString(2),
                                rows.getString(3),
                                rows.getObject(4, UUID.class),
                                rows.getString(5)));
                        if (rows.getTimestamp(6) != null) {
                            engagements.put(
                                    rows.getObject(4, UUID.class),
                                    new EngagementAccess(
                                            rows.getTimestamp(6).toInstant(),
                                            rows.getObject(7, java.time.LocalDate.class)));
                        }
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read memberships", e);
        }
        return memberships;
    }

    /** A pending invitation bound at this sign-in. */
    private record Bound(
            UUID tenantId, UUID membershipId, String role, java.time.Instant invitedAt, java.time.Instant boundAt) {}

    /**
     * Records the binding in the invitation's tenant, in the same transaction. The tenant setting
     * is set for the insert only (the audit log's row-level security requires it) and emptied after.
     */
    private void audit(Connection connection, Bound b, String subject, String email, AuditSource source)
            throws SQLException {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("id", b.membershipId());
        before.put("email", email);
        before.put("role", b.role());
        before.put("bound", false);
        before.put("invitedAt", b.invitedAt());
        before.put("boundAt", null);
        Map<String, Object> after = new LinkedHashMap<>(before);
        after.put("bound", true);
        after.put("boundAt", b.boundAt());
        after.put("subject", subject);
        try (PreparedStatement tenant = connection.prepareStatement("select set_config('plimsoll.tenant', ?, true)")) {
            tenant.setString(1, b.tenantId().toString());
            tenant.execute();
            AuditLog.append(
                    connection,
                    b.tenantId(),
                    AuditActor.user(subject, email),
                    source,
                    "member.bound",
                    "member",
                    b.membershipId().toString(),
                    toJson(before),
                    toJson(after));
            tenant.setString(1, "");
            tenant.execute();
        }
    }

    private String toJson(Map<String, Object> value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the audit record of a sign-in", e);
        }
    }

    private static ResultSet bindAndQuery(PreparedStatement statement, String subject) throws SQLException {
        statement.setString(1, subject);
        return statement.executeQuery();
    }

    private static String verifiedEmail(JsonWebToken token) {
        Object verified = token.getClaim("email_verified");
        boolean isVerified = Boolean.TRUE.equals(verified) || "true".equals(String.valueOf(verified));
        String email = token.getClaim("email");
        return isVerified && email != null ? email.toLowerCase(java.util.Locale.ROOT) : null;
    }

    private static Optional<String> requestedTenant(RoutingContext request) {
        if (request == null) {
            return Optional.empty();
        }
        String header = request.request().getHeader(TENANT_HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header.trim());
        }
        if (request.request().getCookie(TENANT_COOKIE) != null) {
            return Optional.of(request.request().getCookie(TENANT_COOKIE).getValue());
        }
        return Optional.empty();
    }
}
