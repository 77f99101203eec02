package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.remediation.ExceptionDecision;
import dev.plimsoll.remediation.ExceptionRequest;
import dev.plimsoll.remediation.ExceptionService;
import dev.plimsoll.remediation.ExceptionView;
import dev.plimsoll.remediation.Paged;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** Exceptions (risk acceptance): request one, and security managers approve or refuse. */
@Path("/app/exceptions")
@Produces(MediaType.TEXT_HTML)
public class ExceptionsPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    ExceptionService exceptions;

    @Inject
    SecurityIdentity identity;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance exceptions(
                Navigation nav,
                Paged<ExceptionView> exceptions,
                boolean canRequest,
                boolean canDecide,
                String message,
                String error);
    }

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    public TemplateInstance list() {
        return page(null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.SECURITY_MANAGER, Roles.TEAM_MEMBER})
    public TemplateInstance request(
            @RestForm String team,
            @RestForm String control,
            @RestForm String scope,
            @RestForm String pattern,
            @RestForm String justification,
            @RestForm String expires) {
        try {
            LocalDate day = LocalDate.parse(expires == null ? "" : expires);
            ExceptionView created = exceptions.request(new ExceptionRequest(
                    team,
                    null,
                    control,
                    scope,
                    pattern == null || pattern.isBlank() ? null : pattern,
                    justification,
                    day.atStartOfDay().toInstant(ZoneOffset.UTC)));
            return page("Exception for " + created.control() + " requested.", null);
        } catch (DateTimeParseException e) {
            return page(null, "Give the expiry date as YYYY-MM-DD.");
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    @POST
    @Path("/{id}/{decision:approve|refuse}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SECURITY_MANAGER)
    public TemplateInstance decide(
            @PathParam("id") UUID id, @PathParam("decision") String decision, @RestForm String note) {
        try {
            ExceptionDecision body = new ExceptionDecision(note == null || note.isBlank() ? null : note);
            ExceptionView decided =
                    "approve".equals(decision) ? exceptions.approve(id, body) : exceptions.refuse(id, body);
            return page("Exception " + decided.state() + ".", null);
        } catch (ProblemException e) {
            return page(null, e.getMessage());
        }
    }

    private TemplateInstance page(String message, String error) {
        return Templates.exceptions(
                navigation.forPage("/app/exceptions"),
                exceptions.list(null, null, 0, 500),
                identity.hasRole(Roles.SECURITY_MANAGER) || identity.hasRole(Roles.TEAM_MEMBER),
                identity.hasRole(Roles.SECURITY_MANAGER),
                message,
                error);
    }
}
