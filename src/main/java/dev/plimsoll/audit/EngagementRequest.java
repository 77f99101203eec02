package dev.plimsoll.audit;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * An external auditor's engagement: their e-mail, the last day of access (access ends at the end
 * of that UTC day) and, optionally, the audit date every view is frozen at.
 */
public record EngagementRequest(
        @NotBlank(message = "is required") @Email(message = "must be an e-mail address") @Size(max = 320)
        String email,

        @NotNull(message = "is required") LocalDate endsOn,

        LocalDate asOfDay) {}
