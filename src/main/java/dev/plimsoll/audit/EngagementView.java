package dev.plimsoll.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An auditor engagement as the API shows it; {@code active} until {@code endsAt}. */
public record EngagementView(
        UUID id, String email, Instant endsAt, LocalDate asOfDay, boolean bound, Instant invitedAt, boolean active) {}
