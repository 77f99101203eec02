package dev.plimsoll.identity;

import dev.plimsoll.platform.error.ProblemException;
import dev.plimsoll.tenancy.Team;
import dev.plimsoll.tenancy.TeamRepository;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Creates, lists and revokes the current tenant's collector tokens. */
@ApplicationScoped
public class CollectorTokenService implements PanacheRepositoryBase<CollectorToken, UUID> {

    @Inject
    TeamRepository teams;

    @Inject
    Caller caller;

    @Transactional
    public CollectorTokenCreated create(CollectorTokenRequest request) {
        Team team = teams.findBySlugOrId(request.team())
                .orElseThrow(() ->
                        ProblemException.invalidField("/team", "No team \"" + request.team() + "\" in this tenant."));
        String secret = CollectorTokenSecrets.generate();
        CollectorToken token = new CollectorToken();
        token.id = UUID.randomUUID();
        token.teamId = team.id;
        token.name = request.name().strip();
        token.prefix = CollectorTokenSecrets.displayPrefix(secret);
        token.secretHash = CollectorTokenSecrets.hash(secret);
        token.createdBy = caller.subject();
        token.expiresAt = request.expiresAt();
        persist(token);
        return new CollectorTokenCreated(token.id, secret, team.slug, token.name, token.prefix, token.expiresAt);
    }

    @Transactional
    public List<CollectorTokenView> list() {
        Map<UUID, String> slugs = teams.listAll().stream().collect(Collectors.toMap(t -> t.id, t -> t.slug));
        return list("order by createdAt desc").stream()
                .map(t -> new CollectorTokenView(
                        t.id,
                        slugs.get(t.teamId),
                        t.name,
                        t.prefix,
                        t.createdBy,
                        t.createdAt,
                        t.expiresAt,
                        t.revokedAt,
                        t.lastUsedAt))
                .toList();
    }

    /** Revokes a token; the next request that presents it is refused. Revoking twice changes nothing. */
    @Transactional
    public void revoke(UUID id) {
        CollectorToken token =
                findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Collector token " + id));
        if (token.revokedAt == null) {
            token.revokedAt = Instant.now();
        }
    }
}
