package dev.plimsoll.platform.db;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The application wall: Hibernate adds the tenant discriminator of this resolver to every query
 * and insert of a {@code @TenantId} entity. With no tenant it answers a tenant id that never
 * exists, so a query without a tenant finds nothing.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class PlimsollTenantResolver implements TenantResolver {

    /** A tenant id that is never assigned: the nil UUID. */
    public static final String NO_TENANT = "00000000-0000-0000-0000-000000000000";

    @Inject
    TenantContext tenants;

    @Override
    public String getDefaultTenantId() {
        return NO_TENANT;
    }

    @Override
    public String resolveTenantId() {
        return tenants.current().map(Object::toString).orElse(NO_TENANT);
    }
}
