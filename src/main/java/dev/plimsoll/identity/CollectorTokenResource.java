package dev.plimsoll.identity;

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

/** Collector tokens of the caller's tenant (org admins only). */
@Path("/api/v1/collector-tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ORG_ADMIN)
public class CollectorTokenResource {

    @Inject
    CollectorTokenService tokens;

    /** The list answer: {@code {"items": [...], "total": n}}. */
    public record TokenList(List<CollectorTokenView> items, int total) {}

    @GET
    @Operation(summary = "Collector tokens of your tenant (never their secrets)")
    public TokenList list() {
        List<CollectorTokenView> items = tokens.list();
        return new TokenList(items, items.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a collector token for a team; the secret is shown only in this answer")
    public Response create(@NotNull(message = "a JSON body is required") @Valid CollectorTokenRequest body) {
        CollectorTokenCreated created = tokens.create(body);
        return Response.created(URI.create("/api/v1/collector-tokens/" + created.id()))
                .header("Cache-Control", "no-store")
                .entity(created)
                .build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a collector token: refused from the next request on")
    public Response revoke(@PathParam("id") UUID id) {
        tokens.revoke(id);
        return Response.noContent().build();
    }
}
