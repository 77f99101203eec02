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

/** One control: what it is, what to do, and which assets fail it, since when, across teams. */
@Path("/app/controls/{benchmark}/{id}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class ControlPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    DetailService details;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance control(Navigation nav, Details.Control control, AsOf asOf);
    }

    @GET
    public TemplateInstance control(
            @PathParam("benchmark") String benchmark,
            @PathParam("id") String id,
            @QueryParam("asOf") String asOfParam) {
        AsOf asOf = AsOf.parse(asOfParam);
        return Templates.control(navigation.forPage("/app"), details.control(benchmark, id, asOf.instant()), asOf);
    }
}
