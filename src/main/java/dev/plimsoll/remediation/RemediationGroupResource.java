package dev.plimsoll.remediation;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Remediation items grouped into pieces of work: one control on one image's containers, or on one host. */
@Path("/api/v1/remediation-groups")
@Produces(MediaType.APPLICATION_JSON)
public class RemediationGroupResource {

    @Inject
    ItemService items;

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    @Operation(summary = "Pieces of work with their affected, overdue, excepted and resolved counts")
    public Paged<ItemGroup> list(@QueryParam("team") String team, @QueryParam("resolved") boolean includeResolved) {
        return items.groups(team, includeResolved);
    }
}
