package dev.plimsoll.web;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import dev.plimsoll.identity.MembershipAugmentor;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.posture.ChangeService;
import dev.plimsoll.posture.Overview;
import dev.plimsoll.posture.OverviewService;
import dev.plimsoll.posture.PostureCache;
import dev.plimsoll.posture.PostureChange;
import dev.plimsoll.posture.PostureTarget;
import dev.plimsoll.posture.TargetService;
import dev.plimsoll.tenancy.TeamService;
import dev.plimsoll.tenancy.TeamView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in home: the tenant's score and trend, teams ranked, the worst controls and hosts,
 * the week's changes and stale assets — now, or as of a past date ({@code ?asOf=2026-10-01}).
 */
@Path("/app")
@Produces(MediaType.TEXT_HTML)
public class AppPage {

    static final int TREND_DAYS = 90;

    @Inject
    NavigationFactory navigation;

    @Inject
    Caller caller;

    @Inject
    OverviewService overviews;

    @Inject
    ChangeService changes;

    @Inject
    TargetService targets;

    @Inject
    TeamService teams;

    @Inject
    PostureCache cache;

    /** What the overview shows, computed once for everyone who sees the same teams at the same instant. */
    record OverviewData(Overview overview, PostureChange change, Map<String, PostureTarget> targets) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(
                Navigation nav,
                Membership membership,
                Overview overview,
                boolean teamView,
                String asOfDate,
                String error,
                PostureChange change,
                Map<String, PostureTarget> targets,
                String computedAt);

        static native TemplateInstance noTenant(Navigation nav, boolean hasMemberships);
    }

    @GET
    @Authenticated
    public TemplateInstance overview(@QueryParam("asOf") String asOf) {
        Optional<Membership> membership = caller.membership();
        if (membership.isEmpty()) {
            return Templates.noTenant(
                    navigation.forPage("/app"), !caller.memberships().isEmpty());
        }
        AsOf at = AsOf.parse(asOf);
        boolean teamView = Roles.TEAM_MEMBER.equals(membership.get().role());
        PostureCache.Cached<OverviewData> data = cache.get(
                "overview",
                List.of(
                        teams.list().stream().map(TeamView::id).toList(),
                        PostureCache.instant(at.pastInstant()),
                        TREND_DAYS,
                        !teamView),
                () -> compute(at, !teamView));
        return Templates.overview(
                navigation.forPage("/app"),
                membership.get(),
                data.value().overview(),
                teamView,
                at.date(),
                at.error(),
                data.value().change(),
                data.value().targets(),
                data.computedAtTime());
    }

    private OverviewData compute(AsOf at, boolean tenantWide) {
        Overview overview = overviews.overview(at.pastInstant(), TREND_DAYS, tenantWide);
        PostureChange change =
                changes.between(null, at.instant().minus(7, ChronoUnit.DAYS), at.pastInstant(), overview.posture());
        Map<String, PostureTarget> teamTargets = new LinkedHashMap<>();
        for (var team : overview.teams()) {
            teamTargets.put(team.slug(), targets.of(team.slug(), at.pastInstant(), team.score()));
        }
        return new OverviewData(overview, change, teamTargets);
    }

    /** The tenant switcher: remembers the chosen tenant in a cookie (accepted only for a member at the next request). */
    @GET
    @Path("/tenant")
    @Authenticated
    public Response switchTenant(@QueryParam("slug") String slug) {
        boolean member =
                caller.memberships().stream().anyMatch(m -> m.tenantSlug().equals(slug));
        if (!member) {
            return Response.seeOther(URI.create("/app")).build();
        }
        NewCookie cookie = new NewCookie.Builder(MembershipAugmentor.TENANT_COOKIE)
                .value(slug)
                .path("/")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
        return Response.seeOther(URI.create("/app")).cookie(cookie).build();
    }
}
