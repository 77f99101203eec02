package dev.plimsoll.platform.db;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant the current unit of work runs for. It comes from the authenticated identity (a
 * member's chosen tenant or a collector token's tenant), never from a request parameter. Jobs
 * that run outside a request name their tenant explicitly with {@link #callAs}.
 */
@ApplicationScoped
public class TenantContext {

    /** The identity attribute holding the tenant id chosen for this request. */
    public static final String TENANT_ATTRIBUTE = "plimsoll.tenant";

    private static final ThreadLocal<UUID> EXPLICIT = new ThreadLocal<>();

    @Inject
    CurrentIdentityAssociation identities;

    public Optional<UUID> current() {
        UUID explicit = EXPLICIT.get();
        if (explicit != null) {
            return Optional.of(explicit);
        }
        try {
            SecurityIdentity identity = identities.getIdentity();
            return identity == null ? Optional.empty() : Optional.ofNullable(identity.getAttribute(TENANT_ATTRIBUTE));
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code work} for {@code tenant} on this thread; the transactions it opens see only that tenant. */
    public <T> T callAs(UUID tenant, Supplier<T> work) {
        UUID previous = EXPLICIT.get();
        EXPLICIT.set(tenant);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                EXPLICIT.remove();
            } else {
                EXPLICIT.set(previous);
            }
        }
    }

    public void runAs(UUID tenant, Runnable work) {
        callAs(tenant, () -> {
            work.run();
            return null;
        });
    }
}
