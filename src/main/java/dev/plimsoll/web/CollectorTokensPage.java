package dev.plimsoll.web;

import dev.plimsoll.identity.CollectorTokenCreated;
import dev.plimsoll.identity.CollectorTokenRequest;
import dev.plimsoll.identity.CollectorTokenService;
import dev.plimsoll.identity.CollectorTokenView;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
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
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** Collector tokens (org admins): create one per host or fleet, see its secret once, revoke it. */
@Path("/app/tokens")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ORG_ADMIN)
public class CollectorTokensPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    CollectorTokenService tokens;

    @Inject
    TeamService teams;

    @Inject
    FormCheck forms;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance tokens(
                Navigation nav,
                List<CollectorTokenView> tokens,
                List<TeamView> teams,
                CollectorTokenCreated created,
                String message,
                String error);
    }

    @GET
    public TemplateInstance list() {
        return page(null, null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@RestForm String team, @RestForm String name, @RestForm String expiresOn) {
        CollectorTokenRequest request;
        try {
            request = new CollectorTokenRequest(
                    team,
                    name,
                    expiresOn == null || expiresOn.isBlank()
                            ? null
                            : LocalDate.parse(expiresOn).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Response.ok(page(null, null, "expiresOn must be a date (YYYY-MM-DD)"))
                    .build();
        }
        Optional<String> problems = forms.problems(request);
        if (problems.isPresent()) {
            return Response.ok(page(null, null, problems.get())).build();
        }
        try {
            // The secret is on this page only: never cached.
            return Response.ok(page(tokens.create(request), null, null))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (ProblemException e) {
            return Response.ok(page(null, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance revoke(@PathParam("id") UUID id) {
        try {
            tokens.revoke(id);
            return page(null, "Token revoked: collectors using it are refused from their next request.", null);
        } catch (ProblemException e) {
            return page(null, null, e.getMessage());
        }
    }

    private TemplateInstance page(CollectorTokenCreated created, String message, String error) {
        return Templates.tokens(
                navigation.forPage("/app/tokens"), tokens.list(), teams.list(), created, message, error);
    }
}
