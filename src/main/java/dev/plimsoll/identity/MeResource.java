package dev.plimsoll.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who the caller is, in the tenant chosen for this request. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    Caller caller;

    /** The answer of {@code GET /api/v1/me}. */
    public record Me(
            String subject, String email, boolean operator, TenantRef tenant, String role, List<TenantRef> tenants) {}

    /** A tenant named by id, slug and display name. */
    public record TenantRef(UUID id, String slug, String name) {}

    @GET
    @RolesAllowed(Roles.PERSON)
    @Operation(summary = "Who you are: subject, e-mail, tenant, role and the tenants you belong to")
    public Me me() {
        var membership = caller.membership();
        return new Me(
                caller.subject(),
                caller.email().orElse(null),
                caller.isOperator(),
                membership
                        .map(m -> new TenantRef(m.tenantId(), m.tenantSlug(), m.tenantName()))
                        .orElse(null),
                membership.map(Membership::role).orElse(null),
                caller.memberships().stream()
                        .map(m -> new TenantRef(m.tenantId(), m.tenantSlug(), m.tenantName()))
                        .toList());
    }
}
