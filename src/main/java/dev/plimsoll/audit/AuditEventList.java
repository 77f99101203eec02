package dev.plimsoll.audit;

import java.util.List;

/** One page of events, newest first: {@code {"items": [...], "total": n}} and where the page is. */
public record AuditEventList(List<AuditEvent> items, long total, int page, int size) {}
