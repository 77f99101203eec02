package dev.plimsoll.remediation;

import java.util.List;

/** The list answer shape shared by the API: {@code {"items": [...], "total": n}}. */
public record Paged<T>(List<T> items, long total) {}
