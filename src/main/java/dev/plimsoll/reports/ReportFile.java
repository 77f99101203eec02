package dev.plimsoll.reports;

import java.time.Instant;
import java.util.UUID;

/** What the writers know of the report they write: its id, tenant, requester and time. */
record ReportFile(
        UUID id, String tenantSlug, String tenantName, String requestedBy, Instant generatedAt, ReportScope scope) {}
