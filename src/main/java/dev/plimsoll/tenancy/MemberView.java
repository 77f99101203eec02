package dev.plimsoll.tenancy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member or pending invitation of the tenant. */
public record MemberView(
        UUID id, String email, String role, List<String> teams, boolean bound, Instant invitedAt, Instant boundAt) {}
