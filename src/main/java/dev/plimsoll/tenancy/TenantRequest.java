package dev.plimsoll.tenancy;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new tenant and the e-mail of its first org admin. */
public record TenantRequest(
        @NotNull(message = "is required")
        @Pattern(
                regexp = "[a-z0-9][a-z0-9-]{1,62}",
                message = "must be 2–63 lower-case letters, digits or hyphens, starting with a letter or digit")
        String slug,

        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String name,

        @NotBlank(message = "is required") @Email(message = "must be an e-mail address") @Size(max = 320)
        String adminEmail) {}
