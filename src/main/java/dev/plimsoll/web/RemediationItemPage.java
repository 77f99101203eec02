package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.remediation.ItemChange;
import dev.plimsoll.remediation.ItemDetail;
import dev.plimsoll.remediation.ItemService;
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
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;

/** One remediation item: what to do, its history and proof, the other assets of its group; people work it here. */
@Path("/app/remediation/{id}")
@Produces(MediaType.TEXT_HTML)
public class RemediationItemPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    ItemService items;

    @Inject
    SecurityIdentity identity;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance item(
                Navigation nav, ItemDetail detail, boolean canWork, String message, String error);
    }

    @GET
    @RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
    public TemplateInstance show(@PathParam("id") UUID id) {
        return page(items.get(id), null, null);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.SECURITY_MANAGER, Roles.TEAM_MEMBER})
    public TemplateInstance change(
            @PathParam("id") UUID id, @RestForm String state, @RestForm String assignee, @RestForm String comment) {
        try {
            ItemDetail detail = items.change(
                    id, new ItemChange(blank(state), assignee, comment == null || comment.isBlank() ? null : comment));
            return page(detail, "Saved.", null);
        } catch (ProblemException e) {
            if (e.type().status() == 404) {
                throw e;
            }
            return page(items.get(id), null, e.getMessage());
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private TemplateInstance page(ItemDetail detail, String message, String error) {
        boolean canWork = identity.hasRole(Roles.SECURITY_MANAGER) || identity.hasRole(Roles.TEAM_MEMBER);
        return Templates.item(navigation.forPage("/app/remediation"), detail, canWork, message, error);
    }
}
