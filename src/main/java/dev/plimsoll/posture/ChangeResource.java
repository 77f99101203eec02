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
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Why the score moved between two instants (default: the last seven days). */
@Path("/api/v1/posture/changes")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class ChangeResource {

    @Inject
    ChangeService changes;

    @GET
    @Operation(summary = "Fixes, regressions, new and retired assets between two instants; the parts add up")
    public PostureChange between(
            @QueryParam("team") String team, @QueryParam("from") String from, @QueryParam("to") String to) {
        return changes.between(team, instant("from", from), instant("to", to));
    }

    /** An ISO-8601 instant, or a date meaning the end of that UTC day (as {@code ?asOf=}). */
    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value)
                            .plusDays(1)
                            .atStartOfDay()
                            .toInstant(ZoneOffset.UTC)
                            .minusMillis(1)
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(
                    "?" + name, name + " must be an ISO-8601 instant (2026-11-28T10:00:00Z) or a date (2026-11-28).");
        }
    }
}
