package dev.plimsoll.web;

import dev.plimsoll.identity.Roles;
import dev.plimsoll.posture.ChangeService;
import dev.plimsoll.posture.DetailService;
import dev.plimsoll.posture.Details;
import dev.plimsoll.posture.Page;
import dev.plimsoll.posture.Posture;
import dev.plimsoll.posture.PostureCache;
import dev.plimsoll.posture.PostureChange;
import dev.plimsoll.posture.PostureService;
import dev.plimsoll.posture.PostureTarget;
import dev.plimsoll.posture.TargetService;
import dev.plimsoll.posture.Trend;
import dev.plimsoll.tenancy.TeamService;
import dev.plimsoll.tenancy.TeamView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One team: score, trend, failing controls by CIS section with what to do, hosts and containers. */
@Path("/app/teams/{slug}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ORG_ADMIN, Roles.SECURITY_MANAGER, Roles.AUDITOR, Roles.TEAM_MEMBER})
public class TeamPage {

    @Inject
    NavigationFactory navigation;

    @Inject
    TeamService teams;

    @Inject
    PostureService posture;

    @Inject
    DetailService details;

    @Inject
    ChangeService changes;

    @Inject
    TargetService targets;

    @Inject
    PostureCache cache;

    /** Failing controls of one CIS section. */
    public record SectionGroup(String section, String title, List<Details.FailingControl> controls) {}

    /** What the team page shows, computed once for everyone who looks at the same page of it at the same instant. */
    record TeamData(
            Posture posture,
            Trend trend,
            List<SectionGroup> sections,
            Page<Details.AssetSummary> assets,
            PostureChange change,
            PostureTarget target) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance team(
                Navigation nav,
                TeamView team,
                Posture posture,
                Trend trend,
                List<SectionGroup> sections,
                Page<Details.AssetSummary> assets,
                AsOf asOf,
                PostureChange change,
                PostureTarget target,
                String computedAt);
    }

    @GET
    public TemplateInstance team(
            @PathParam("slug") String slug,
            @QueryParam("asOf") String asOfParam,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        AsOf asOf = AsOf.parse(asOfParam);
        TeamView team = teams.visible(slug);
        int pageNumber = Paging.page(page);
        int pageSize = Paging.size(size);
        PostureCache.Cached<TeamData> data = cache.get(
                "team",
                List.of(team.id(), PostureCache.instant(asOf.pastInstant()), pageNumber, pageSize),
                () -> compute(team, asOf, pageNumber, pageSize));
        return Templates.team(
                navigation.forPage("/app/teams"),
                team,
                data.value().posture(),
                data.value().trend(),
                data.value().sections(),
                data.value().assets(),
                asOf,
                data.value().change(),
                data.value().target(),
                data.computedAtTime());
    }

    private TeamData compute(TeamView team, AsOf asOf, int page, int size) {
        Posture now = posture.asOf(team.slug(), asOf.pastInstant());
        var end = asOf.instant().atZone(ZoneOffset.UTC).toLocalDate();
        Trend trend = posture.trend(team.slug(), end.minusDays(90), end);
        Map<String, SectionGroup> sections = new LinkedHashMap<>();
        for (Details.FailingControl control : details.failingControls(team.id(), asOf.pastInstant())) {
            sections.computeIfAbsent(
                            control.section() == null ? "?" : control.section(),
                            s -> new SectionGroup(s, control.sectionTitle(), new java.util.ArrayList<>()))
                    .controls()
                    .add(control);
        }
        return new TeamData(
                now,
                trend,
                List.copyOf(sections.values()),
                details.assets(team.id(), asOf.instant(), page, size),
                changes.between(team.slug(), asOf.instant().minus(7, ChronoUnit.DAYS), asOf.pastInstant(), now),
                targets.of(team.slug(), asOf.pastInstant()));
    }
}
