package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.posture.DetailService;
import dev.plimsoll.posture.Details;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** A host or container: every control's status with evidence, and when each changed. */
@Path("/app/assets/{id}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class AssetPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    DetailService details;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance asset(Navigation nav, Details.Asset asset, AsOf asOf);
    }

    @GET
    public TemplateInstance asset(@PathParam("id") UUID id, @QueryParam("asOf") String asOfParam) {
        AsOf asOf = AsOf.parse(asOfParam);
        return Templates.asset(navigation.forPage("/app"), details.asset(id, asOf.instant()), asOf);
    }
}
