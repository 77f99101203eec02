package dev.plimsoll.tenancy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new team: a slug that names it in URLs and bodies, and a display name. */
public record TeamRequest(
        @NotNull(message = "is required")
        @Pattern(
                regexp = "[a-z0-9][a-z0-9-]{0,62}",
                message = "must be 1–63 lower-case letters, digits or hyphens, starting with a letter or digit")
        String slug,

        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        String name) {}
