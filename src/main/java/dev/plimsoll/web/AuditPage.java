package dev.plimsoll.web;

import dev.plimsoll.audit.AuditCsv;
import dev.plimsoll.audit.AuditEventList;
import dev.plimsoll.audit.AuditEventResource;
import dev.plimsoll.audit.AuditFilter;
import dev.plimsoll.audit.AuditService;
import dev.plimsoll.audit.AuditVerification;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The audit trail (auditors and org admins): filter, page through, export, verify the chain. */
@Path("/app/audit")
@RolesAllowed({Roles.AUDITOR, Roles.ORG_ADMIN})
public class AuditPage {

    static final int SIZE = 50;

    @Inject
    NavigationFactory navigation;

    @Inject
    AuditService audit;

    /** What the filter form shows again, and the query string that repeats it in links. */
    public record Filters(
            String from, String to, String actor, String action, String targetType, String targetId, String query) {}

    /** Where the shown page is: its number counted from 1, and the neighbours' indexes (null at the ends). */
    public record Paging(int number, int pages, Integer previous, Integer next) {

        static Paging of(AuditEventList events) {
            int pages = (int) Math.max(1, (events.total() + events.size() - 1) / events.size());
            return new Paging(
                    events.page() + 1,
                    pages,
                    events.page() > 0 ? events.page() - 1 : null,
                    events.page() + 1 < pages ? events.page() + 1 : null);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance audit(
                Navigation nav,
                Filters filters,
                AuditEventList events,
                Paging paging,
                AuditVerification verification,
                String error);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("targetType") String targetType,
            @QueryParam("targetId") String targetId,
            @QueryParam("page") String page,
            @QueryParam("verify") String verify) {
        Filters filters = filters(from, to, actor, action, targetType, targetId);
        AuditVerification verification = verify == null ? null : audit.verify();
        try {
            AuditFilter filter = AuditEventResource.filter(from, to, actor, action, targetType, targetId);
            int pageNumber = page == null || page.isBlank() ? 0 : Math.max(0, parse(page));
            AuditEventList events = audit.list(filter, pageNumber, SIZE);
            return Templates.audit(
                    navigation.forPage("/app/audit"), filters, events, Paging.of(events), verification, null);
        } catch (ProblemException e) {
            AuditEventList none = new AuditEventList(java.util.List.of(), 0, 0, SIZE);
            return Templates.audit(
                    navigation.forPage("/app/audit"), filters, none, Paging.of(none), verification, e.getMessage());
        }
    }

    @GET
    @Path("/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response export(
            @QueryParam("format") String format,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("actor") String actor,
            @QueryParam("action") String action,
            @QueryParam("targetType") String targetType,
            @QueryParam("targetId") String targetId) {
        boolean json = "json".equals(format);
        AuditService.Export export =
                audit.export(AuditEventResource.filter(from, to, actor, action, targetType, targetId));
        Response.ResponseBuilder answer = json
                ? Response.ok(export.items(), MediaType.APPLICATION_JSON)
                : Response.ok(AuditCsv.write(export.items()), "text/csv; charset=utf-8");
        return answer.header(
                        "Content-Disposition", "attachment; filename=\"audit-events." + (json ? "json" : "csv") + "\"")
                .header("Plimsoll-Export-Truncated", Boolean.toString(export.truncated()))
                .header("Cache-Control", "no-store")
                .build();
    }

    private static int parse(String page) {
        try {
            return Integer.parseInt(page.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("page", "page must be a whole number");
        }
    }

    private static Filters filters(
            String from, String to, String actor, String action, String targetType, String targetId) {
        Map<String, String> given = new LinkedHashMap<>();
        given.put("from", from);
        given.put("to", to);
        given.put("actor", actor);
        given.put("action", action);
        given.put("targetType", targetType);
        given.put("targetId", targetId);
        String query = given.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return new Filters(
                blank(from), blank(to), blank(actor), blank(action), blank(targetType), blank(targetId), query);
    }

    private static String blank(String value) {
        return value == null ? "" : value;
    }
}
