package dev.plimsoll.identity;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The terms of an external auditor's access for this request: it ends at {@code until}, and when
 * {@code asOfDay} is set every page and the posture API default to the end of that UTC day.
 */
public record EngagementAccess(Instant until, LocalDate asOfDay) {}
