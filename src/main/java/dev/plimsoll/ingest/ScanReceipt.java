package dev.plimsoll.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The answer to an accepted scan: what was stored, counted the way posture counts it, and, for a
 * newly stored scan, how it changed the control states.
 *
 * @param created false when the same scan had been stored before (the answer is then 200)
 * @param unknownControls control ids the benchmark's catalogue does not know: stored and flagged
 * @param changes null when the scan had been stored before
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScanReceipt(
        String scanId,
        boolean created,
        String host,
        String team,
        String benchmark,
        String benchmarkVersion,
        Instant scannedAt,
        Instant receivedAt,
        int results,
        int passed,
        int failed,
        List<String> unknownControls,
        Changes changes) {

    /**
     * @param opened intervals opened (new pairs, changed statuses)
     * @param closed intervals closed because the status changed
     * @param gone intervals closed because their container was no longer there
     * @param unchanged results that only moved last seen
     * @param late whether the scan was older than what was known and was placed among the stored ones
     */
    public record Changes(int opened, int closed, int gone, int unchanged, boolean late) {}
}
