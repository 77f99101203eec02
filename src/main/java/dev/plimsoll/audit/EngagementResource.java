package dev.plimsoll.audit;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Auditor engagements of the caller's tenant (org admins). */
@Path("/api/v1/auditor-engagements")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORG_ADMIN)
public class EngagementResource {

    @Inject
    EngagementService engagements;

    /** The list answer: {@code {"items": [...], "total": n}}. */
    public record EngagementList(List<EngagementView> items, int total) {}

    @GET
    @Operation(summary = "Auditor engagements of your tenant, current and ended")
    public EngagementList list() {
        List<EngagementView> items = engagements.list();
        return new EngagementList(items, items.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Grant an external auditor read-only access until a day, optionally frozen at an audit date")
    public Response grant(@NotNull(message = "a JSON body is required") @Valid EngagementRequest body) {
        EngagementView granted = engagements.grant(body);
        return Response.created(URI.create("/api/v1/auditor-engagements/" + granted.id()))
                .entity(granted)
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "End an auditor engagement now")
    public Response end(@PathParam("id") UUID id) {
        engagements.end(id);
        return Response.noContent().build();
    }
}
