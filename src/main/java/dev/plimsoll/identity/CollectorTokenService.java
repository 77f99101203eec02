package dev.plimsoll.identity;

import dev.plimsoll.audit.AuditLog;
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

    @Inject
    AuditLog audit;

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
        audit.record("collector-token.created", "collector-token", token.id.toString(), null, view(token, team.slug));
        return new CollectorTokenCreated(token.id, secret, team.slug, token.name, token.prefix, token.expiresAt);
    }

    @Transactional
    public List<CollectorTokenView> list() {
        Map<UUID, String> slugs = teams.listAll().stream().collect(Collectors.toMap(t -> t.id, t -> t.slug));
        return list("order by createdAt desc").stream()
                .map(t -> view(t, slugs.get(t.teamId)))
                .toList();
    }

    /** Revokes a token; the next request that presents it is refused. Revoking twice changes nothing. */
    @Transactional
    public void revoke(UUID id) {
        CollectorToken token =
                findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("Collector token " + id));
        if (token.revokedAt == null) {
            String team = teams.findByIdOptional(token.teamId).map(t -> t.slug).orElse(null);
            CollectorTokenView before = view(token, team);
            token.revokedAt = Instant.now();
            audit.record("collector-token.revoked", "collector-token", id.toString(), before, view(token, team));
        }
    }

    /** What lists and the audit trail show of a token: never the secret or its hash. */
    private static CollectorTokenView view(CollectorToken t, String teamSlug) {
        return new CollectorTokenView(
                t.id, teamSlug, t.name, t.prefix, t.createdBy, t.createdAt, t.expiresAt, t.revokedAt, t.lastUsedAt);
    }
}
