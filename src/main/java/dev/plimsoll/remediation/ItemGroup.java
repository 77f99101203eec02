package dev.plimsoll.remediation;

import java.time.Instant;

/**
 * One piece of work: a control failing on the containers of one image (or on one host) of a team,
 * with its counts. {@code affected} counts the items not resolved.
 */
public record ItemGroup(
        String team,
        String benchmark,
        String control,
        String title,
        String severity,
        String group,
        long affected,
        long overdue,
        long excepted,
        long resolved,
        Instant firstDue) {}
