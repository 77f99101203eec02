package dev.plimsoll.tenancy;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

/** Members of the caller's tenant and pending invitations (org admins only). */
@Path("/api/v1/members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORG_ADMIN)
public class MemberResource {

    @Inject
    MemberService members;

    /** The list answer: {@code {"items": [...], "total": n}}. */
    public record MemberList(List<MemberView> items, int total) {}

    @GET
    @Operation(summary = "Members and pending invitations of your tenant")
    public MemberList list() {
        List<MemberView> items = members.list();
        return new MemberList(items, items.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Invite a person by e-mail with a role and teams; binds at their first sign-in")
    public Response invite(@NotNull(message = "a JSON body is required") @Valid MemberRequest body) {
        MemberView member = members.invite(body);
        return Response.created(URI.create("/api/v1/members/" + member.id()))
                .entity(member)
                .build();
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a member's role or teams")
    public MemberView change(
            @PathParam("id") UUID id, @NotNull(message = "a JSON body is required") @Valid MemberRequest.Change body) {
        return members.change(id, body);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Remove a member or withdraw an invitation; refused on the next request")
    public Response remove(@PathParam("id") UUID id) {
        members.remove(id);
        return Response.noContent().build();
    }
}
