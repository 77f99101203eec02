package dev.plimsoll.reports;

import java.time.Instant;

/** A report as the API shows it. */
public record ReportView(
        String id,
        String format,
        String state,
        int progress,
        String failure,
        String scope,
        String asOf,
        String requestedBy,
        Instant requestedAt,
        Instant finishedAt,
        Long size,
        String sha256,
        String keyId,
        Instant expiresAt,
        String file,
        String signature) {

    public boolean done() {
        return "done".equals(state);
    }

    public boolean pending() {
        return "queued".equals(state) || "running".equals(state);
    }
}
