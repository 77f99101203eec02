package dev.plimsoll.audit;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tenant's audit trail (auditors and org admins): list, export and verify. */
@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AUDITOR, Roles.ORG_ADMIN})
public class AuditEventResource {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 500;

    @Inject
    AuditService audit;

    @GET
    @Operation(summary = "Audit events of your tenant, newest first; filter by time, actor, action and target")
    public AuditEventList list(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("targetType") String targetType,
            @QueryParam("targetId") String targetId,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return audit.list(
                filter(from, to, actor, action, targetType, targetId),
                number("page", page, 0, 0, Integer.MAX_VALUE / MAX_SIZE),
                number("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Operation(summary = "Export the matching audit events, oldest first, as CSV or JSON")
    public Response export(
            @QueryParam("format") String format,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("targetType") String targetType,
            @QueryParam("targetId") String targetId) {
        String chosen = format == null || format.isBlank() ? "csv" : format;
        if (!chosen.equals("csv") && !chosen.equals("json")) {
            throw ProblemException.invalidField("format", "format must be csv or json");
        }
        AuditService.Export export = audit.export(filter(from, to, actor, action, targetType, targetId));
        Response.ResponseBuilder answer = chosen.equals("csv")
                ? Response.ok(AuditCsv.write(export.items()), "text/csv; charset=utf-8")
                : Response.ok(export.items(), MediaType.APPLICATION_JSON);
        return answer.header("Content-Disposition", "attachment; filename=\"audit-events." + chosen + "\"")
                .header("Plimsoll-Export-Truncated", Boolean.toString(export.truncated()))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Verify the audit log's hash chain: edited, deleted, reordered or truncated events")
    public AuditVerification verify() {
        return audit.verify();
    }

    /** The filter of a request; {@code from}/{@code to} take an instant or a UTC day (to: the whole day). */
    public static AuditFilter filter(
            String from, String to, String actor, String action, String targetType, String targetId) {
        Instant start = time("from", from, false);
        Instant end = time("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw ProblemException.invalidField("to", "to must be after from");
        }
        return new AuditFilter(
                start, end, blankToNull(actor), blankToNull(action), blankToNull(targetType), blankToNull(targetId));
    }

    static Instant time(String name, String value, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(
                    name, name + " must be an instant (2026-11-28T10:00:00Z) or a day (2026-11-28)");
        }
    }

    static int number(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidField(name, name + " must be a whole number from " + min + " to " + max);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
