package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.posture.ChecklistItemPosture;
import dev.plimsoll.posture.DetailService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The container-security checklist: thirteen practices, each with its status across the fleet. */
@Path("/app/checklist")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class ChecklistPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    DetailService details;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance checklist(Navigation nav, List<ChecklistItemPosture> items, AsOf asOf);
    }

    @GET
    public TemplateInstance checklist(@QueryParam("asOf") String asOfParam) {
        AsOf asOf = AsOf.parse(asOfParam);
        return Templates.checklist(navigation.forPage("/app/checklist"), details.checklist(asOf.instant()), asOf);
    }
}
