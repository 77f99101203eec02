package dev.plimsoll.tenancy;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Tenants: created by the platform operator, who sees no tenant data. */
@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {

    @Inject
    TenantService tenants;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Create a tenant and invite its first org admin (platform operators)")
    public Response create(@NotNull(message = "a JSON body is required") @Valid TenantRequest body) {
        TenantView tenant = tenants.create(body);
        return Response.created(URI.create("/api/v1/tenants/" + tenant.slug()))
                .entity(tenant)
                .build();
    }
}
