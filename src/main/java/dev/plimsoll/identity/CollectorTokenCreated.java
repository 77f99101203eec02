package dev.plimsoll.identity;

import java.time.Instant;
import java.util.UUID;

/** The answer to creating a collector token: the only time the secret is shown. */
public record CollectorTokenCreated(
        UUID id, String token, String team, String name, String prefix, Instant expiresAt) {}
