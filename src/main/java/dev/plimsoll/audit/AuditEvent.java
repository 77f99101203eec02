package dev.plimsoll.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** One audit event as the API, the export and the page show it. Hashes are hexadecimal. */
public record AuditEvent(
        long seq,
        UUID id,
        Instant occurredAt,
        String actorKind,
        String actor,
        String actorLabel,
        String sourceIp,
        String userAgent,
        String action,
        String targetType,
        String targetId,
        JsonNode before,
        JsonNode after,
        String prevHash,
        String hash) {

    /** Who, as a reader recognises them: the e-mail when known. */
    public String who() {
        return actorLabel != null ? actorLabel : actor;
    }
}
