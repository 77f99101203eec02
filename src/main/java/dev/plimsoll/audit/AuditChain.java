package dev.plimsoll.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Recomputes event hashes and walks a tenant's chain. The canonical form is the one the database
 * trigger hashes ({@code audit_event_canonical} in V5), written out again here on purpose: a
 * verification that only asked the database to repeat itself would prove less.
 */
public final class AuditChain {

    static final String VERSION = "plimsoll-audit-v1";

    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditChain() {}

    /** One stored event as the chain sees it: every hashed field, JSON as PostgreSQL prints jsonb. */
    public record Link(
            String tenantId,
            long seq,
            String id,
            Instant occurredAt,
            String actorKind,
            String actor,
            String actorLabel,
            String sourceIp,
            String userAgent,
            String action,
            String targetType,
            String targetId,
            String beforeJson,
            String afterJson,
            byte[] prevHash,
            byte[] hash) {}

    /** The canonical text of an event; its SHA-256 (of the UTF-8 bytes) is the event's hash. */
    public static String canonical(Link e) {
        StringBuilder text = new StringBuilder(VERSION);
        for (String field : new String[] {
            e.tenantId(),
            Long.toString(e.seq()),
            e.id(),
            MICROS.format(e.occurredAt()),
            e.actorKind(),
            e.actor(),
            e.actorLabel(),
            e.sourceIp(),
            e.userAgent(),
            e.action(),
            e.targetType(),
            e.targetId(),
            e.beforeJson(),
            e.afterJson(),
            e.prevHash() == null ? null : HexFormat.of().formatHex(e.prevHash())
        }) {
            if (field == null) {
                text.append('~');
            } else {
                text.append(field.getBytes(StandardCharsets.UTF_8).length)
                        .append(':')
                        .append(field);
            }
        }
        return text.toString();
    }

    public static byte[] hash(Link e) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(canonical(e).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
        }
    }

    /** Walks the events in seq order; {@link #result} compares the end with the stored head. */
    public static final class Walk {
        private long expected = 1;
        private byte[] previous;
        private long events;
        private String reason;
        private Long firstBadSeq;

        /** Takes the next event (by ascending seq); after the first break the rest is only counted. */
        public void accept(Link e) {
            events++;
            if (reason != null) {
                return;
            }
            if (e.seq() != expected) {
                fail(
                        expected,
                        e.seq() > expected
                                ? "Event " + expected + " is missing: the log jumps from " + (expected - 1) + " to "
                                        + e.seq() + " (an event was deleted)."
                                : "Event " + e.seq() + " appears out of order.");
                return;
            }
            if (!Arrays.equals(e.prevHash(), previous)) {
                fail(
                        e.seq(),
                        "Event " + e.seq() + " does not follow event " + (e.seq() - 1)
                                + ": its previous hash differs (events were removed, inserted or reordered).");
                return;
            }
            if (!Arrays.equals(hash(e), e.hash())) {
                fail(e.seq(), "Event " + e.seq() + " was altered: its content does not match its hash.");
                return;
            }
            previous = e.hash();
            expected++;
        }

        /** The verdict, given the head the database keeps for the tenant (null seq when it has none). */
        public AuditVerification result(Long headSeq, byte[] headHash) {
            long last = expected - 1;
            if (reason == null) {
                long recorded = headSeq == null ? 0 : headSeq;
                if (recorded > last) {
                    fail(
                            last + 1,
                            "The log ends at event " + last + " but " + recorded
                                    + " were recorded: events were removed from the end.");
                } else if (recorded < last) {
                    fail(recorded + 1, "The log has events after the recorded head (" + recorded + ").");
                } else if (last > 0 && !Arrays.equals(headHash, previous)) {
                    fail(last, "The last event does not match the recorded head hash.");
                }
            }
            String head = headHash == null || headHash.length == 0
                    ? null
                    : HexFormat.of().formatHex(headHash);
            return new AuditVerification(
                    reason == null, events, reason, firstBadSeq, headSeq == null ? 0 : headSeq, head);
        }

        private void fail(long seq, String why) {
            reason = why;
            firstBadSeq = seq;
        }
    }
}
