package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.remediation.ItemGroup;
import dev.plimsoll.remediation.ItemService;
import dev.plimsoll.remediation.ItemView;
import dev.plimsoll.remediation.Paged;
import dev.plimsoll.remediation.Paging;
import dev.plimsoll.remediation.SlaPolicy;
import dev.plimsoll.remediation.SlaService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The work to do: pieces of work (a control on one image or host) and the items, soonest due first. */
@Path("/app/remediation")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class RemediationPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    ItemService items;

    @Inject
    SlaService sla;

    /** The filters as the form shows them. */
    public record Filters(String team, String state, boolean overdue, int page, int size) {
        public java.util.List<String> states() {
            return java.util.List.of("open", "acknowledged", "in_progress", "regressed", "resolved");
        }

        public boolean hasNext(long total) {
            return total > (long) (page + 1) * size;
        }

        public String next() {
            return "?team=" + (team == null ? "" : team) + "&state=" + (state == null ? "" : state) + "&overdue="
                    + overdue + "&page=" + (page + 1);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance remediation(
                Navigation nav, Paged<ItemGroup> groups, Paged<ItemView> items, Filters filters, SlaPolicy sla);
    }

    @GET
    public TemplateInstance list(
            @QueryParam("team") String team,
            @QueryParam("state") String state,
            @QueryParam("overdue") boolean overdue,
            @QueryParam("page") Integer page) {
        String teamFilter = team == null || team.isBlank() ? null : team;
        String stateFilter = state == null || state.isBlank() ? null : state;
        Paging paging = Paging.of(page, 100);
        return Templates.remediation(
                navigation.forPage("/app/remediation"),
                items.groups(teamFilter, false),
                items.list(
                        new ItemService.Filter(teamFilter, stateFilter, overdue ? Boolean.TRUE : null, null, null),
                        paging.page(),
                        paging.size()),
                new Filters(teamFilter, stateFilter, overdue, paging.page(), paging.size()),
                sla.get());
    }
}
