package dev.plimsoll.remediation;

import dev.plimsoll.identity.Caller;
import dev.plimsoll.identity.Membership;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.MemberService;
import dev.plimsoll.tenancy.Team;
import dev.plimsoll.tenancy.TeamRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * What of the remediation workflow the caller may see: team members their own teams, everyone
 * else in the tenant every team. A team the caller may not see answers like a missing one.
 */
@ApplicationScoped
class Visibility {

    @Inject
    Caller caller;

    @Inject
    TeamRepository teams;

    @Inject
    MemberService members;

    /** The ids of the teams the caller may see (call inside a transaction). */
    List<UUID> teamIds() {
        Membership membership = caller.requireMembership();
        List<Team> all = teams.listOrdered();
        if (!Roles.TEAM_MEMBER.equals(membership.role())) {
            return all.stream().map(t -> t.id).toList();
        }
        List<UUID> own = members.teamsOf(membership.membershipId());
        return all.stream().map(t -> t.id).filter(own::contains).toList();
    }

    /** One team the caller may see, by slug or id; {@code pointer} names the field for the error. */
    Team team(String reference, String pointer) {
        List<UUID> visible = teamIds();
        return teams.findBySlugOrId(reference)
                .filter(t -> visible.contains(t.id))
                .orElseThrow(() -> ProblemException.notFound("Team " + reference));
    }

    String role() {
        return caller.requireMembership().role();
    }

    /** Who acts, as written in the history: the token subject. */
    String actor() {
        return caller.subject();
    }
}
