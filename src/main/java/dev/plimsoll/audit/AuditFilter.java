package dev.plimsoll.audit;

import java.time.Instant;

/**
 * Which events to list: {@code from} inclusive, {@code to} exclusive; {@code actor} matches the
 * actor id or its label (e-mail); the others match exactly. Null means no condition.
 */
public record AuditFilter(Instant from, Instant to, String actor, String action, String targetType, String targetId) {

    public static final AuditFilter ALL = new AuditFilter(null, null, null, null, null, null);
}
