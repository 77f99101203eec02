package dev.plimsoll.identity;

import java.time.Instant;
import java.util.UUID;

/** A collector token as lists show it: never the secret. */
public record CollectorTokenView(
        UUID id,
        String team,
        String name,
        String prefix,
        String createdBy,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt) {}
