package dev.plimsoll.posture;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Posture of the caller's tenant (or one team): now, as of any instant, and as a daily trend. */
@Path("/api/v1/posture")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class PostureResource {

    @Inject
    PostureService posture;

    @GET
    @Operation(summary = "Score, counts and sections, exact as of an instant (default now)")
    public Posture asOf(@QueryParam("team") String team, @QueryParam("asOf") String asOf) {
        return posture.asOf(team, asOf == null || asOf.isBlank() ? null : instant("asOf", asOf));
    }

    @GET
    @Path("/trend")
    @Operation(summary = "One point a day from the daily rollups (default: the last 90 days)")
    public Trend trend(@QueryParam("team") String team, @QueryParam("from") String from, @QueryParam("to") String to) {
        return posture.trend(team, date("from", from), date("to", to));
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
