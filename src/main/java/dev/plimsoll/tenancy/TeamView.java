package dev.plimsoll.tenancy;

import java.util.UUID;

/** A team as the API shows it. */
public record TeamView(UUID id, String slug, String name) {

    static TeamView from(Team team) {
        return new TeamView(team.id, team.slug, team.name);
    }
}
