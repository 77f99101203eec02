package dev.plimsoll.remediation;

import java.time.Instant;
import java.util.UUID;

/** An exception (risk acceptance) as the API and pages show it; {@code coveredItems} are the items it holds now. */
public record ExceptionView(
        UUID id,
        String team,
        String benchmark,
        String control,
        String scope,
        String pattern,
        String justification,
        String state,
        String requestedBy,
        Instant requestedAt,
        String decidedBy,
        Instant decidedAt,
        String decisionNote,
        Instant expiresAt,
        long coveredItems) {}
