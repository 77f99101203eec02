package dev.plimsoll.remediation;

import java.time.Instant;
import java.util.UUID;

/**
 * A remediation item: one failing (asset, control) and where its fix stands. {@code openedAt} is
 * the start of the current failure (a regression starts a new one), {@code dueAt} follows from
 * the severity and the tenant's SLA policy, {@code resolvedByScan} is the proof of a fix.
 */
public record ItemView(
        UUID id,
        String team,
        Asset asset,
        String benchmark,
        String benchmarkVersion,
        String control,
        String title,
        String severity,
        String group,
        String state,
        String assignee,
        Instant openedAt,
        Instant dueAt,
        boolean overdue,
        Instant resolvedAt,
        UUID resolvedByScan,
        int regressions,
        UUID exceptedBy) {

    /** The asset an item is about. */
    public record Asset(UUID id, String kind, String name) {}
}
