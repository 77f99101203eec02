package dev.plimsoll.audit;

import dev.plimsoll.identity.EngagementAccess;
import dev.plimsoll.identity.MembershipAugmentor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What an engaged external auditor sees is on the record, and as of when: every request they
 * make is audited ({@code engagement.viewed}, the method, path and query), and when the
 * engagement is frozen at an audit date, pages and the posture API default to the end of that
 * day (an explicit {@code asOf} still wins).
 */
public class EngagementViews {

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditLog audit;

    /** Before matching, so the resource sees the default as if the caller had asked for it. */
    @ServerRequestFilter(preMatching = true)
    public void freeze(ContainerRequestContext request) {
        EngagementAccess access = engagement();
        if (access == null || access.asOfDay() == null) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String path = uri.getPath();
        if (request.getUriInfo().getQueryParameters().containsKey("asOf")) {
            return;
        }
        String value = frozenValue(path, access.asOfDay());
        if (value != null) {
            String query = uri.getRawQuery();
            String added = "asOf=" + value;
            request.setRequestUri(
                    URI.create(path + "?" + (query == null || query.isEmpty() ? added : query + "&" + added)));
        }
    }

    /** After authorization, on the request's worker thread: one audit event per request. */
    @ServerRequestFilter
    public void record(ContainerRequestContext request) {
        if (engagement() == null) {
            return;
        }
        URI uri = request.getUriInfo().getRequestUri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        QuarkusTransaction.requiringNew()
                .run(() -> audit.record(
                        "engagement.viewed",
                        "request",
                        target.length() > 2000 ? target.substring(0, 2000) : target,
                        null,
                        Map.of("method", request.getMethod())));
    }

    /** Pages take a day; the posture API an instant (the last millisecond of that day). */
    static String frozenValue(String path, LocalDate day) {
        if (path.equals("/app") || path.startsWith("/app/")) {
            return day.toString();
        }
        if (path.equals("/api/v1/posture")) {
            return day.plusDays(1)
                    .atStartOfDay()
                    .toInstant(ZoneOffset.UTC)
                    .minusMillis(1)
                    .toString();
        }
        return null;
    }

    private EngagementAccess engagement() {
        return identity.isAnonymous() ? null : identity.getAttribute(MembershipAugmentor.ENGAGEMENT_ATTRIBUTE);
    }
}
