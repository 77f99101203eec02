package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.remediation.Notifications;
import dev.plimsoll.remediation.Paged;
import dev.plimsoll.remediation.SlaPolicy;
import dev.plimsoll.remediation.SlaService;
import dev.plimsoll.remediation.TargetRequest;
import dev.plimsoll.remediation.TargetService;
import dev.plimsoll.remediation.TargetView;
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
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** Org admins: the SLA policy and where notifications go, with the delivery log. */
@Path("/app/remediation-settings")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ORG_ADMIN)
public class RemediationSettingsPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    SlaService sla;

    @Inject
    TargetService targets;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(
                Navigation nav,
                SlaPolicy sla,
                Paged<TargetView> targets,
                List<String> events,
                String secret,
                String message,
                String error);
    }

    @GET
    public TemplateInstance show() {
        return page(null, null, null);
    }

    @POST
    @Path("/sla")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance sla(
            @RestForm Integer critical, @RestForm Integer high, @RestForm Integer medium, @RestForm Integer low) {
        try {
            sla.put(new SlaPolicy(critical, high, medium, low));
            return page("SLA policy saved; due dates of open items follow it.", null, null);
        } catch (ProblemException e) {
            return page(null, e.getMessage(), null);
        }
    }

    @POST
    @Path("/targets")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance addTarget(
            @RestForm String name,
            @RestForm String kind,
            @RestForm String address,
            @RestForm List<String> events,
            @RestForm String team) {
        try {
            TargetView created = targets.create(new TargetRequest(name, kind, address, events, team));
            return page("Target " + created.name() + " added.", null, created.secret());
        } catch (ProblemException e) {
            return page(null, e.getMessage(), null);
        }
    }

    @POST
    @Path("/targets/{id}/delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance deleteTarget(@PathParam("id") UUID id) {
        try {
            targets.delete(id);
            return page("Target removed.", null, null);
        } catch (ProblemException e) {
            return page(null, e.getMessage(), null);
        }
    }

    private TemplateInstance page(String message, String error, String secret) {
        return Templates.settings(
                navigation.forPage("/app/remediation-settings"),
                sla.get(),
                targets.list(),
                Notifications.EVENTS,
                secret,
                message,
                error);
    }
}
