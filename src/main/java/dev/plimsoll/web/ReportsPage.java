package dev.plimsoll.web;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.reports.ReportFormat;
import dev.plimsoll.reports.ReportRequest;
import dev.plimsoll.reports.ReportService;
import dev.plimsoll.reports.ReportView;
import dev.plimsoll.reports.ReportWorker;
import dev.plimsoll.tenancy.TeamService;
import dev.plimsoll.tenancy.TeamView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The tenant's reports with their progress, and a form to request one. The page refreshes itself
 * (meta refresh, no JavaScript) while a report is queued or running; downloads go through the
 * page's session, as the API takes bearer tokens only.
 */
@Path("/app/reports")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class ReportsPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    ReportService reports;

    @Inject
    ReportWorker worker;

    @Inject
    TeamService teams;

    @Inject
    Caller caller;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reports(
                Navigation nav,
                List<ReportView> reports,
                boolean pending,
                List<TeamView> teams,
                List<String> formats,
                String message,
                String error);
    }

    @GET
    public TemplateInstance list() {
        return page(null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance request(
            @RestForm String format,
            @RestForm List<String> teams,
            @RestForm String hosts,
            @RestForm String from,
            @RestForm String to,
            @RestForm String asOf,
            @RestForm String benchmark,
            @RestForm String evidence) {
        List<String> hostList = hosts == null || hosts.isBlank()
                ? List.of()
                : Arrays.stream(hosts.split("[,\\s]+"))
                        .filter(h -> !h.isBlank())
                        .toList();
        try {
            ReportView report = reports.request(new ReportRequest(
                    format, teams == null ? List.of() : teams, hostList, from, to, asOf, benchmark, evidence != null));
            worker.submit(caller.tenantId(), UUID.fromString(report.id()));
            return page("Report " + report.id() + " requested; this page follows its progress.", null);
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    @GET
    @Path("/{id}/file")
    @Produces(MediaType.WILDCARD)
    public Response file(@PathParam("id") String id) {
        ReportView report = reports.requireDone(id);
        ReportFormat format = ReportFormat.parse(report.format()).orElseThrow();
        StreamingOutput body = out -> reports.writeFile(id, out);
        return Response.ok(body)
                .type(format.mediaType())
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"plimsoll-report-" + report.id() + "." + format.extension() + "\"")
                .build();
    }

    @GET
    @Path("/{id}/signature")
    @Produces(MediaType.TEXT_PLAIN)
    public Response signature(@PathParam("id") String id) {
        return Response.ok(reports.signature(id))
                .header("Content-Disposition", "attachment; filename=\"plimsoll-report-" + id + ".sig\"")
                .build();
    }

    private TemplateInstance page(String message, String error) {
        @SuppressWarnings("unchecked")
        List<ReportView> items = (List<ReportView>) reports.list(0, 50).get("items");
        boolean pending = items.stream().anyMatch(ReportView::pending);
        return Templates.reports(
                navigation.forPage("/app/reports"),
                items,
                pending,
                teams.list(),
                Arrays.stream(ReportFormat.values()).map(ReportFormat::wire).toList(),
                message,
                error);
    }
}
