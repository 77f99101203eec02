package dev.plimsoll.identity;

import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** A new collector token: the team it posts for, a name to recognise it by, an optional expiry. */
public record CollectorTokenRequest(
        @NotBlank(message = "is required") String team,

        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String name,

        @Future(message = "must be in the future") Instant expiresAt) {}
