package dev.plimsoll.catalog;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The benchmark catalogue: reference data, the same for every tenant. */
@Path("/api/v1/controls")
@Produces(MediaType.APPLICATION_JSON)
public class ControlResource {

    @Inject
    CatalogService catalog;

    /** Controls, optionally of one benchmark and version. */
    public record ControlList(List<ControlView> items, int total) {}

    @GET
    @RolesAllowed(Roles.PERSON)
    @Operation(summary = "The benchmark catalogue (any signed-in user)")
    public ControlList list(@QueryParam("benchmark") String benchmark, @QueryParam("version") String version) {
        List<ControlView> controls = catalog.controls(blankToNull(benchmark), blankToNull(version));
        return new ControlList(controls, controls.size());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
