package dev.plimsoll.posture;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the overview page shows: the tenant's posture, its trend, the worst controls and hosts, the week's changes. */
public record Overview(
        Posture posture,
        Trend trend,
        List<TeamPosture> teams,
        List<WorstControl> worstControls,
        List<WorstHost> worstHosts,
        WeekChanges week) {

    /** A control failing on many assets. */
    public record WorstControl(
            String benchmark, String controlId, String title, String severity, long failing, long assessed) {}

    /** A host with many failures (its own and its containers'). */
    public record WorstHost(UUID id, String name, String team, long failing, long assessed) {}

    /** Status changes in the seven days before the as-of instant. */
    public record WeekChanges(Instant from, long fixes, long regressions, long newFailures) {}
}
