package dev.plimsoll.tenancy;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Teams of the caller's tenant: members read them, org admins create them. */
@Path("/api/v1/teams")
@Produces(MediaType.APPLICATION_JSON)
public class TeamResource {

    @Inject
    TeamService teams;

    /** The list answer shape shared by the API: {@code {"items": [...], "total": n}}. */
    public record TeamList(List<TeamView> items, int total) {}

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    @Operation(summary = "Teams of your tenant")
    public TeamList list() {
        List<TeamView> items = teams.list();
        return new TeamList(items, items.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ORG_ADMIN)
    @Operation(summary = "Create a team (org admins)")
    public Response create(@NotNull(message = "a JSON body is required") @Valid TeamRequest body) {
        TeamView team = teams.create(body);
        return Response.created(URI.create("/api/v1/teams/" + team.slug()))
                .entity(team)
                .build();
    }
}
