package dev.plimsoll.tenancy;

import dev.plimsoll.audit.AuditLog;
import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.db.TenantChanges;
import dev.plimsoll.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/** Teams of the current tenant. */
@ApplicationScoped
public class TeamService {

    @Inject
    TeamRepository teams;

    @Inject
    Caller caller;

    @Inject
    MemberService members;

    @Inject
    AuditLog audit;

    @Inject
    TenantChanges changes;

    /** The tenant's teams; a team member sees only their own. */
    @Transactional
    public List<TeamView> list() {
        List<Team> all = teams.listOrdered();
        Membership membership = caller.requireMembership();
        if (Roles.TEAM_MEMBER.equals(membership.role())) {
            List<UUID> own = members.teamsOf(membership.membershipId());
            all = all.stream().filter(t -> own.contains(t.id)).toList();
        }
        return all.stream().map(TeamView::from).toList();
    }

    /** A team the caller may see, by slug or id. */
    @Transactional
    public TeamView visible(String reference) {
        return list().stream()
                .filter(t -> t.slug().equals(reference) || t.id().toString().equals(reference))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Team " + reference));
    }

    @Transactional
    public TeamView create(TeamRequest request) {
        if (teams.find("slug", request.slug()).firstResultOptional().isPresent()) {
            throw ProblemException.conflict("A team with slug \"" + request.slug() + "\" already exists.");
        }
        Team team = new Team();
        team.id = UUID.randomUUID();
        team.slug = request.slug();
        team.name = request.name().strip();
        teams.persist(team);
        TeamView view = TeamView.from(team);
        audit.record("team.created", "team", team.id.toString(), null, view);
        changes.changed();
        return view;
    }
}
