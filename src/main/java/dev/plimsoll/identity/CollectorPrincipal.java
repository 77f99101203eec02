package dev.plimsoll.identity;

import java.security.Principal;
import java.util.UUID;

/** The identity of a collector: one token, scoped to one tenant and one team. */
public record CollectorPrincipal(UUID tenantId, UUID teamId, UUID tokenId) implements Principal {

    @Override
    public String getName() {
        return "collector-token:" + tokenId;
    }
}
