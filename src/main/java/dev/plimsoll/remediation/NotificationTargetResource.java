package dev.plimsoll.remediation;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Where notifications go (org admins): signed webhooks, Slack-compatible webhooks, e-mail. */
@Path("/api/v1/notification-targets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORG_ADMIN)
public class NotificationTargetResource {

    @Inject
    TargetService targets;

    @GET
    @Operation(summary = "Notification targets with their latest deliveries")
    public Paged<TargetView> list() {
        return targets.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a target; a webhook's signing secret is shown once, in this answer")
    public Response create(TargetRequest body) {
        TargetView created = targets.create(body);
        return Response.created(URI.create("/api/v1/notification-targets/" + created.id()))
                .entity(created)
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a target and its delivery log")
    public Response delete(@PathParam("id") UUID id) {
        targets.delete(id);
        return Response.noContent().build();
    }
}
