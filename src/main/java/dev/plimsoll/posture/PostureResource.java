package dev.plimsoll.posture;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.TeamService;
import dev.plimsoll.tenancy.TeamView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Posture of the caller's tenant (or one team): now, as of any instant, and as a daily trend. The
 * answers may come from {@link PostureCache}; the {@value #COMPUTED_AT} header says when they were
 * computed.
 */
@Path("/api/v1/posture")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class PostureResource {

    /** The response header with the instant the answer was computed (ISO-8601). */
    public static final String COMPUTED_AT = "Plimsoll-Computed-At";

    @Inject
    PostureService posture;

    @Inject
    TeamService teams;

    @Inject
    PostureCache cache;

    @GET
    @Operation(summary = "Score, counts and sections, exact as of an instant (default now)")
    public RestResponse<Posture> asOf(@QueryParam("team") String team, @QueryParam("asOf") String asOf) {
        Instant at = asOf == null || asOf.isBlank() ? null : instant("asOf", asOf);
        Object scope = scope(team);
        return answer(cache.get("posture", List.of(scope, PostureCache.instant(at)), () -> posture.asOf(team, at)));
    }

    @GET
    @Path("/trend")
    @Operation(summary = "One point a day from the daily rollups (default: the last 90 days)")
    public RestResponse<Trend> trend(
            @QueryParam("team") String team, @QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        Object scope = scope(team);
        return answer(cache.get(
                "trend",
                List.of(scope, String.valueOf(start), String.valueOf(end), PostureCache.instant(null)),
                () -> posture.trend(team, start, end)));
    }

    /** The team named (after the visibility check), or every team the caller sees. */
    private Object scope(String team) {
        return team == null || team.isBlank()
                ? teams.list().stream().map(TeamView::id).toList()
                : teams.visible(team).id();
    }

    private static <T> RestResponse<T> answer(PostureCache.Cached<T> cached) {
        return RestResponse.ResponseBuilder.ok(cached.value())
                .header(COMPUTED_AT, cached.computedAt().toString())
                .build();
    }

    private static Instant instant(String name, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value)
                            .plusDays(1)
                            .atStartOfDay()
                            .toInstant(java.time.ZoneOffset.UTC)
                            .minusMillis(1)
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(
                    "?" + name,
                    name
                            + " must be an ISO-8601 instant (2026-11-28T10:00:00Z) or a date (2026-11-28, meaning its end).");
        }
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("?" + name, name + " must be a date (2026-11-28).");
        }
    }
}
