package dev.plimsoll.resilience;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.platform.error.ProblemType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The consistency check of a tenant's derived data, for the platform operator. */
@Path("/api/v1/tenants/{slug}/consistency")
@Produces(MediaType.APPLICATION_JSON)
public class ConsistencyResource {

    @Inject
    ConsistencyChecker checker;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Recompute a tenant's intervals and rollups from its stored scans and report differences"
                    + " (platform operators)")
    public ConsistencyReport check(@PathParam("slug") String slug) {
        return checker.check(slug)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "There is no tenant \"" + slug + "\"."));
    }
}
