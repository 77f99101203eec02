package dev.plimsoll.tenancy;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** An invitation: the person's e-mail, their role, and for team members their teams. */
public record MemberRequest(
        @NotBlank(message = "is required") @Email(message = "must be an e-mail address") @Size(max = 320)
        String email,

        @NotNull(message = "is required") @Pattern(regexp = MemberRequest.ROLES, message = MemberRequest.ROLE_MESSAGE)
        String role,

        @Size(max = 100, message = "at most 100 teams") List<@NotBlank(message = "must name a team") String> teams) {

    static final String ROLES = "org-admin|security-manager|auditor|team-member";
    static final String ROLE_MESSAGE = "must be one of org-admin, security-manager, auditor, team-member";

    /** A change of role or teams; what is left out stays as it is. */
    public record Change(
            @Pattern(regexp = ROLES, message = ROLE_MESSAGE) String role,

            @Size(max = 100, message = "at most 100 teams")
            List<@NotBlank(message = "must name a team") String> teams) {}
}
