package dev.plimsoll.identity;

import java.util.UUID;

/** A person's membership in one tenant, as found at login. */
public record Membership(UUID tenantId, String tenantSlug, String tenantName, UUID membershipId, String role) {}
