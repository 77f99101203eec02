package dev.plimsoll.web;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import dev.plimsoll.posture.PostureSummaryService;
import dev.plimsoll.posture.Score;
import dev.plimsoll.posture.TeamPosture;
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
import java.util.List;
import java.util.Optional;

/** The signed-in home: the chosen tenant's teams with their current score and trend. */
@Path("/app")
@Produces(MediaType.TEXT_HTML)
public class AppPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    Caller caller;

    @Inject
    PostureSummaryService posture;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(
                Navigation nav, Membership membership, Score total, List<TeamPosture> teams, int trendDays);

        static native TemplateInstance noTenant(Navigation nav, boolean hasMemberships);
    }

    @GET
    @Authenticated
    public TemplateInstance overview() {
        Optional<Membership> membership = caller.membership();
        if (membership.isEmpty()) {
            return Templates.noTenant(
                    navigation.forPage("/app"), !caller.memberships().isEmpty());
        }
        int trendDays = 90;
        List<TeamPosture> teams = posture.teams(trendDays);
        Score total = Score.of(
                teams.stream().mapToLong(t -> t.score().passed()).sum(),
                teams.stream().mapToLong(t -> t.score().failed()).sum());
        return Templates.overview(navigation.forPage("/app"), membership.get(), total, teams, trendDays);
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
        NewCookie cookie = new NewCookie.Builder(dev.plimsoll.identity.MembershipAugmentor.TENANT_COOKIE)
                .value(slug)
                .path("/")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX)
                .build();
        return Response.seeOther(URI.create("/app")).cookie(cookie).build();
    }
}
