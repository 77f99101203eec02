package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.MemberRequest;
import dev.plimsoll.tenancy.MemberService;
import dev.plimsoll.tenancy.MemberView;
import dev.plimsoll.tenancy.TeamService;
import dev.plimsoll.tenancy.TeamView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** Members and invitations of the tenant (org admins). */
@Path("/app/members")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ORG_ADMIN)
public class MembersPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    MemberService members;

    @Inject
    TeamService teams;

    @Inject
    FormCheck forms;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance members(
                Navigation nav,
                List<MemberView> members,
                List<TeamView> teams,
                List<String> roles,
                String message,
                String error);
    }

    @GET
    public TemplateInstance list() {
        return page(null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance invite(@RestForm String email, @RestForm String role, @RestForm List<String> teams) {
        MemberRequest request = new MemberRequest(email, role, teams == null ? List.of() : teams);
        Optional<String> problems = forms.problems(request);
        if (problems.isPresent()) {
            return page(null, problems.get());
        }
        try {
            MemberView member = members.invite(request);
            return page(member.email() + " is invited as " + member.role() + ".", null);
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    @POST
    @Path("/{id}/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance remove(@PathParam("id") UUID id) {
        try {
            members.remove(id);
            return page("Member removed.", null);
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    private TemplateInstance page(String message, String error) {
        return Templates.members(
                navigation.forPage("/app/members"),
                members.list(),
                teams.list(),
                List.of(Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER),
                message,
                error);
    }
}
