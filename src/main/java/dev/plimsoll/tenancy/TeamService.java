package dev.plimsoll.tenancy;

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

    @Transactional
    public List<TeamView> list() {
        return teams.listOrdered().stream().map(TeamView::from).toList();
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
        return TeamView.from(team);
    }
}
