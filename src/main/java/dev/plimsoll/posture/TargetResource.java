package dev.plimsoll.posture;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A team's posture target: members of the team read it, org admins and security managers set it. */
@Path("/api/v1/teams/{slug}/target")
@Produces(MediaType.APPLICATION_JSON)
public class TargetResource {

    @Inject
    TargetService targets;

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    @Operation(summary = "The team's posture target and the progress toward it (state none when unset)")
    public PostureTarget get(@PathParam("slug") String slug) {
        return targets.of(slug, null);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER})
    @Operation(summary = "Set or replace the team's posture target (org admins, security managers)")
    public PostureTarget put(@PathParam("slug") String slug, PostureTarget.Request body) {
        return targets.set(slug, body);
    }
}
