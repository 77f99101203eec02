package dev.plimsoll.tenancy;

import dev.plimsoll.audit.AuditLog;
import dev.plimsoll.identity.Roles;
import dev.plimsoll.platform.db.TenantContext;
import dev.plimsoll.platform.error.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Creates tenants for the platform operator. The new tenant is written as itself (its id is the
 * transaction's tenant), so the operator never reads or writes any other tenant's rows.
 */
@ApplicationScoped
public class TenantService {

    @Inject
    TenantContext tenants;

    @Inject
    EntityManager entityManager;

    @Inject
    AuditLog audit;

    public TenantView create(TenantRequest request) {
        UUID id = UUID.randomUUID();
        return tenants.callAs(id, () -> insert(id, request));
    }

    @Transactional
    TenantView insert(UUID id, TenantRequest request) {
        Tenant tenant = new Tenant();
        tenant.id = id;
        tenant.slug = request.slug();
        tenant.name = request.name().strip();
        tenant.stalenessDays = 7;
        tenant.retentionDays = 400;
        tenant.createdAt = Instant.now();
        tenant.updatedAt = tenant.createdAt;
        String email = request.adminEmail().strip().toLowerCase(Locale.ROOT);
        try {
            entityManager.persist(tenant);
            entityManager.flush();
        } catch (PersistenceException e) {
            // The slug is unique across tenants; row-level security hides the others, so the
            // database's unique index is what tells.
            throw ProblemException.conflict("A tenant with slug \"" + request.slug() + "\" already exists.");
        }
        UUID adminId = UUID.randomUUID();
        entityManager
                .createNativeQuery("insert into membership (tenant_id, id, email, role) values (?1, ?2, ?3, ?4)")
                .setParameter(1, id)
                .setParameter(2, adminId)
                .setParameter(3, email)
                .setParameter(4, Roles.ORG_ADMIN)
                .executeUpdate();
        TenantView view = new TenantView(id, tenant.slug, tenant.name, email);
        audit.record("tenant.created", "tenant", id.toString(), null, view);
        audit.record(
                "member.invited",
                "member",
                adminId.toString(),
                null,
                new MemberView(adminId, email, Roles.ORG_ADMIN, List.of(), false, tenant.createdAt, null));
        return view;
    }
}
