package dev.plimsoll.remediation;

import dev.plimsoll.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The tenant's SLA policy: everyone reads it, org admins change it. */
@Path("/api/v1/sla-policy")
@Produces(MediaType.APPLICATION_JSON)
public class SlaPolicyResource {

    @Inject
    SlaService sla;

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    @Operation(summary = "Days to fix by severity")
    public SlaPolicy get() {
        return sla.get();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ORG_ADMIN)
    @Operation(summary = "Change the days to fix by severity; due dates of unresolved items follow")
    public SlaPolicy put(SlaPolicy body) {
        return sla.put(body);
    }
}
