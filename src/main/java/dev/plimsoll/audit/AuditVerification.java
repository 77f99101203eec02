package dev.plimsoll.audit;

/**
 * The answer of {@code GET /api/v1/audit-events/verify}. {@code reason} and {@code firstBadSeq}
 * are set only when the chain is not valid. {@code headSeq} and {@code headHash} identify the
 * chain as verified: keep them outside Plimsoll to detect later a rewrite of the whole chain.
 */
public record AuditVerification(
        boolean valid, long events, String reason, Long firstBadSeq, long headSeq, String headHash) {}
