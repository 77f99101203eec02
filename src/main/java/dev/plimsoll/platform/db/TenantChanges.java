package dev.plimsoll.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/** The writers' one call to say that their transaction changes what the current tenant's dashboards show. */
@ApplicationScoped
public class TenantChanges {

    @Inject
    TenantContext tenants;

    @Inject
    Event<TenantDataChanged> events;

    /** Announces a change of the current tenant's data; observers act when the transaction commits. */
    public void changed() {
        events.fire(new TenantDataChanged(tenants.current()
                .orElseThrow(() -> new IllegalStateException("A change of tenant data needs a tenant"))));
    }
}
