package dev.plimsoll.remediation;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Exceptions (risk acceptance): team members and security managers request, security managers decide. */
@Path("/api/v1/exceptions")
@Produces(MediaType.APPLICATION_JSON)
public class ExceptionResource {

    @Inject
    ExceptionService exceptions;

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    @Operation(summary = "Exceptions of the teams you may see, newest first")
    public Paged<ExceptionView> list(
            @QueryParam("team") String team,
            @QueryParam("state") String state,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Paging paging = Paging.of(page, size);
        return exceptions.list(team, state, paging.page(), paging.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECURITY_MANAGER, Roles.TEAM_MEMBER})
    @Operation(summary = "Request an exception for a control in a team, with a justification and an expiry (≤ 1 year)")
    public Response request(ExceptionRequest body) {
        ExceptionView created = exceptions.request(body);
        return Response.created(URI.create("/api/v1/exceptions/" + created.id()))
                .entity(created)
                .build();
    }

    @POST
    @Path("/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SECURITY_MANAGER)
    @Operation(summary = "Approve a requested exception (not your own request)")
    public ExceptionView approve(@PathParam("id") UUID id, ExceptionDecision body) {
        return exceptions.approve(id, body);
    }

    @POST
    @Path("/{id}/refuse")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SECURITY_MANAGER)
    @Operation(summary = "Refuse a requested exception (not your own request)")
    public ExceptionView refuse(@PathParam("id") UUID id, ExceptionDecision body) {
        return exceptions.refuse(id, body);
    }
}
