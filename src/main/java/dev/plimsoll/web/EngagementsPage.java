package dev.plimsoll.web;

import dev.plimsoll.audit.EngagementRequest;
import dev.plimsoll.audit.EngagementService;
import dev.plimsoll.audit.EngagementView;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
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
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** External auditors' time-boxed access (org admins): grant, see, end. */
@Path("/app/engagements")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ORG_ADMIN)
public class EngagementsPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    EngagementService engagements;

    @Inject
    FormCheck forms;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance engagements(
                Navigation nav, List<EngagementView> engagements, String message, String error);
    }

    @GET
    public TemplateInstance list() {
        return page(null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance grant(@RestForm String email, @RestForm String endsOn, @RestForm String asOfDay) {
        EngagementRequest request;
        try {
            request = new EngagementRequest(email, day(endsOn), day(asOfDay));
        } catch (DateTimeParseException e) {
            return page(null, "Dates must look like 2026-11-28.");
        }
        Optional<String> problems = forms.problems(request);
        if (problems.isPresent()) {
            return page(null, problems.get());
        }
        try {
            EngagementView granted = engagements.grant(request);
            return page(granted.email() + " may read this tenant until " + granted.endsAt() + ".", null);
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    @POST
    @Path("/{id}/end")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance end(@PathParam("id") UUID id) {
        try {
            engagements.end(id);
            return page("Engagement ended: the auditor is refused from their next request.", null);
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    private static LocalDate day(String value) {
        return value == null || value.isBlank() ? null : LocalDate.parse(value.strip());
    }

    private TemplateInstance page(String message, String error) {
        return Templates.engagements(navigation.forPage("/app/engagements"), engagements.list(), message, error);
    }
}
