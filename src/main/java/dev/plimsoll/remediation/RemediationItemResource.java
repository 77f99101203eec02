package dev.plimsoll.remediation;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Remediation items: team members see and work their own teams' items, managers every team's; auditors read. */
@Path("/api/v1/remediation-items")
@Produces(MediaType.APPLICATION_JSON)
public class RemediationItemResource {

    @Inject
    ItemService items;

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    @Operation(summary = "Remediation items, by team, state, overdue, control or group; soonest due first")
    public Paged<ItemView> list(
            @QueryParam("team") String team,
            @QueryParam("state") String state,
            @QueryParam("overdue") Boolean overdue,
            @QueryParam("control") String control,
            @QueryParam("group") String group,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        Paging paging = Paging.of(page, size);
        return items.list(new ItemService.Filter(team, state, overdue, control, group), paging.page(), paging.size());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    @Operation(summary = "One remediation item with its history and every affected asset of its group")
    public ItemDetail get(@PathParam("id") UUID id) {
        return items.get(id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SECURITY_MANAGER, Roles.TEAM_MEMBER})
    @Operation(summary = "Acknowledge, start, assign or comment an item (resolved and regressed come from scans)")
    public ItemDetail change(@PathParam("id") UUID id, ItemChange body) {
        return items.change(id, body);
    }
}
