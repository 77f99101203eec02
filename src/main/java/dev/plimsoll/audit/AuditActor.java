package dev.plimsoll.audit;

import java.util.UUID;

/**
 * Who made a change: a person ({@code user}), the platform operator, a collector token or
 * Plimsoll itself ({@code system}, e.g. a scheduled job). {@code id} is stable (a token subject,
 * a collector token id, a job name); {@code label} is what a reader recognises (an e-mail).
 */
public record AuditActor(String kind, String id, String label) {

    public static final String USER = "user";
    public static final String OPERATOR = "operator";
    public static final String COLLECTOR = "collector";
    public static final String SYSTEM = "system";

    /** Plimsoll itself; {@code job} names what ran (e.g. {@code "retention"}). */
    public static AuditActor system(String job) {
        return new AuditActor(SYSTEM, job == null || job.isBlank() ? "system" : job, null);
    }

    /** A collector authenticated by the token {@code tokenId}. */
    public static AuditActor collector(UUID tokenId) {
        return new AuditActor(COLLECTOR, tokenId.toString(), null);
    }

    /** A person, by token subject and (when known) e-mail. */
    public static AuditActor user(String subject, String email) {
        return new AuditActor(USER, subject, email);
    }
}
