package dev.plimsoll.tenancy;

import dev.plimsoll.audit.AuditLog;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.db.TenantChanges;
import dev.plimsoll.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Members of the current tenant: invited by e-mail with a role (and teams), bound to a person's
 * token subject at their first sign-in. The tenant always keeps at least one org admin.
 */
@ApplicationScoped
public class MemberService {

    @Inject
    EntityManager entityManager;

    @Inject
    TeamRepository teams;

    @Inject
    AuditLog audit;

    @Inject
    TenantChanges changes;

    @Transactional
    @SuppressWarnings("unchecked")
    public List<MemberView> list() {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select m.id, m.email, m.role, m.subject is not null, m.invited_at, m.bound_at,
                               coalesce(array_agg(t.slug order by t.slug) filter (where t.slug is not null), '{}')
                          from membership m
                          left join membership_team mt on mt.tenant_id = m.tenant_id and mt.membership_id = m.id
                          left join team t on t.tenant_id = mt.tenant_id and t.id = mt.team_id
                         group by m.id, m.email, m.role, m.subject, m.invited_at, m.bound_at
                         order by m.email
                        """).getResultList();
        List<MemberView> members = new ArrayList<>();
        for (Object[] row : rows) {
            members.add(new MemberView(
                    (UUID) row[0],
                    (String) row[1],
                    (String) row[2],
                    Arrays.asList((String[]) row[6]),
                    (Boolean) row[3],
                    instant(row[4]),
                    instant(row[5])));
        }
        return members;
    }

    @Transactional
    public MemberView invite(MemberRequest request) {
        String email = request.email().strip().toLowerCase(Locale.ROOT);
        List<UUID> teamIds = teamIds(request.teams());
        boolean exists = !entityManager
                .createNativeQuery("select 1 from membership where email = ?1")
                .setParameter(1, email)
                .getResultList()
                .isEmpty();
        if (exists) {
            throw ProblemException.conflict(email + " is already a member or invited.");
        }
        UUID id = UUID.randomUUID();
        entityManager
                .createNativeQuery(
                        "insert into membership (tenant_id, id, email, role) values (plimsoll_current_tenant(), ?1, ?2, ?3)")
                .setParameter(1, id)
                .setParameter(2, email)
                .setParameter(3, request.role())
                .executeUpdate();
        replaceTeams(id, teamIds);
        MemberView invited = find(id);
        audit.record("member.invited", "member", id.toString(), null, invited);
        changes.changed();
        return invited;
    }

    @Transactional
    public MemberView change(UUID id, MemberRequest.Change change) {
        MemberView current = find(id);
        if (change.role() != null && !change.role().equals(current.role()) && isEngagement(id)) {
            throw ProblemException.conflict(
                    "This is an auditor engagement: its role stays auditor. End it and invite the person instead.");
        }
        if (change.role() != null && !change.role().equals(current.role())) {
            if (Roles.ORG_ADMIN.equals(current.role())) {
                requireAnotherOrgAdmin(id);
            }
            entityManager
                    .createNativeQuery("update membership set role = ?1, updated_at = now() where id = ?2")
                    .setParameter(1, change.role())
                    .setParameter(2, id)
                    .executeUpdate();
        }
        if (change.teams() != null) {
            replaceTeams(id, teamIds(change.teams()));
        }
        MemberView changed = find(id);
        if (!changed.equals(current)) {
            audit.record("member.changed", "member", id.toString(), current, changed);
            changes.changed();
        }
        return changed;
    }

    @Transactional
    public void remove(UUID id) {
        MemberView current = find(id);
        if (Roles.ORG_ADMIN.equals(current.role())) {
            requireAnotherOrgAdmin(id);
        }
        entityManager
                .createNativeQuery("delete from membership where id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        audit.record("member.removed", "member", id.toString(), current, null);
        changes.changed();
    }

    /** The teams a membership belongs to (what a team member may see). */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<UUID> teamsOf(UUID membershipId) {
        return entityManager
                .createNativeQuery("select team_id from membership_team where membership_id = ?1")
                .setParameter(1, membershipId)
                .getResultList();
    }

    private MemberView find(UUID id) {
        return list().stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("Member " + id));
    }

    private boolean isEngagement(UUID id) {
        return !entityManager
                .createNativeQuery("select 1 from membership where id = ?1 and access_until is not null")
                .setParameter(1, id)
                .getResultList()
                .isEmpty();
    }

    private void requireAnotherOrgAdmin(UUID id) {
        Number others = (Number) entityManager
                .createNativeQuery("select count(*) from membership where role = 'org-admin' and id <> ?1")
                .setParameter(1, id)
                .getSingleResult();
        if (others.intValue() == 0) {
            throw ProblemException.conflict(
                    "A tenant keeps at least one org admin: invite another before changing this one.");
        }
    }

    private List<UUID> teamIds(List<String> references) {
        List<UUID> ids = new ArrayList<>();
        List<String> given = references == null ? List.of() : references;
        for (int i = 0; i < given.size(); i++) {
            String reference = given.get(i);
            int index = i;
            ids.add(teams.findBySlugOrId(reference)
                    .orElseThrow(() -> ProblemException.invalidField(
                            "/teams/" + index, "No team \"" + reference + "\" in this tenant."))
                    .id);
        }
        return ids;
    }

    private void replaceTeams(UUID membership, List<UUID> teamIds) {
        entityManager
                .createNativeQuery("delete from membership_team where membership_id = ?1")
                .setParameter(1, membership)
                .executeUpdate();
        for (UUID team : teamIds.stream().distinct().toList()) {
            entityManager
                    .createNativeQuery(
                            "insert into membership_team (tenant_id, membership_id, team_id) values (plimsoll_current_tenant(), ?1, ?2)")
                    .setParameter(1, membership)
                    .setParameter(2, team)
                    .executeUpdate();
        }
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) value;
    }
}
