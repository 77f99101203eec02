package dev.plimsoll.resilience;

import java.util.List;

/**
 * What the recomputation of a tenant's intervals and rollups from its stored scans found.
 *
 * @param consistent no difference at all
 * @param scans the stored scans replayed
 * @param intervals stored and recomputed control-state intervals
 * @param rollups stored and recomputed daily rollup rows (days not rolled up yet are only counted)
 * @param differences the first {@value ConsistencyChecker#MAX_DIFFERENCES} differences
 * @param differenceCount every difference found
 */
public record ConsistencyReport(
        boolean consistent,
        int scans,
        Counts intervals,
        RollupCounts rollups,
        List<Difference> differences,
        int differenceCount) {

    /** Rows stored, rows the replay gives, and how many of them differ. */
    public record Counts(int stored, int recomputed, int differing) {}

    /** Rollup rows compared, and days after the last rolled-up day (left to the rollup job). */
    public record RollupCounts(int stored, int recomputed, int differing, int pendingDays) {}

    /**
     * One difference.
     *
     * @param kind {@code interval-missing}, {@code interval-unexpected}, {@code interval-different},
     *     {@code rollup-different}, {@code document-missing}, {@code document-unreadable}, {@code asset-missing},
     *     {@code digest-stale} (an asset's stored digest of open intervals is not theirs), {@code
     *     item-orphaned} (a remediation item of no asset or team), {@code event-orphaned} (an item's
     *     history row of no item)
     * @param subject what it concerns (asset, benchmark, control, valid_from; or team, day, control; or scan)
     * @param recomputed what the replay gives
     * @param stored what is stored
     */
    public record Difference(String kind, String subject, String recomputed, String stored) {}
}
