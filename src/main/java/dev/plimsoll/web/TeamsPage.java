package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.TeamRequest;
import dev.plimsoll.tenancy.TeamService;
import dev.plimsoll.tenancy.TeamView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestForm;

/** The tenant's teams; org admins add teams here. */
@Path("/app/teams")
@Produces(MediaType.TEXT_HTML)
public class TeamsPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    TeamService teams;

    @Inject
    SecurityIdentity identity;

    @Inject
    FormCheck forms;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance teams(
                Navigation nav, List<TeamView> teams, boolean canEdit, String message, String error);
    }

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    public TemplateInstance list() {
        return page(null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ORG_ADMIN)
    public TemplateInstance create(@RestForm String slug, @RestForm String name) {
        TeamRequest request = new TeamRequest(slug, name);
        Optional<String> problems = forms.problems(request);
        if (problems.isPresent()) {
            return page(null, problems.get());
        }
        try {
            TeamView team = teams.create(request);
            return page("Team " + team.name() + " created.", null);
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    private TemplateInstance page(String message, String error) {
        return Templates.teams(
                navigation.forPage("/app/teams"), teams.list(), identity.hasRole(Roles.ORG_ADMIN), message, error);
    }
}
