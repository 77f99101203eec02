package dev.plimsoll.reports;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Audit reports of the caller's tenant: request, follow, download, and verify. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class ReportResource {

    @Inject
    ReportService reports;

    @Inject
    ReportWorker worker;

    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request a report (pdf, csv, json, oscal); answers 202 with its id while it is generated")
    public Response request(ReportRequest request) {
        ReportView report = reports.request(request);
        worker.submit(caller.tenantId(), UUID.fromString(report.id()));
        return Response.accepted(report)
                .location(URI.create("/api/v1/reports/" + report.id()))
                .build();
    }

    @GET
    @Operation(summary = "The tenant's reports, newest first (team members: their own)")
    public Map<String, Object> list(
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        return reports.list(page, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A report's state (queued, running, done, failed) and progress 0–100")
    public ReportView get(@PathParam("id") String id) {
        return reports.get(id);
    }

    @GET
    @Path("/{id}/file")
    @Produces({"application/pdf", "text/csv", MediaType.APPLICATION_JSON, "application/problem+json"})
    @Operation(summary = "Download a finished report")
    public Response file(@PathParam("id") String id) {
        ReportView report = reports.requireDone(id);
        StreamingOutput body = out -> reports.writeFile(id, out);
        String name = "plimsoll-report-" + report.id() + "."
                + ReportFormat.parse(report.format()).orElseThrow().extension();
        return Response.ok(body)
                .type(ReportFormat.parse(report.format()).orElseThrow().mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Digest", "sha-256=" + report.sha256())
                .build();
    }

    @GET
    @Path("/{id}/signature")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The detached Ed25519 signature of a finished report (for offline verification)")
    public Response signature(@PathParam("id") String id) {
        return Response.ok(reports.signature(id))
                .header("Content-Disposition", "attachment; filename=\"plimsoll-report-" + id + ".sig\"")
                .build();
    }

    @GET
    @Path("/signing-key")
    @Operation(summary = "The tenant's public report-signing key (Ed25519, PEM) with its key id")
    public Map<String, String> signingKey() {
        return reports.signingKey();
    }

    @POST
    @Path("/verify")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Is this file (the body) a genuine, unaltered report of the caller's tenant?")
    public Map<String, Object> verify(InputStream file) throws IOException {
        return reports.verify(file);
    }
}
