package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Why the score of a team (or of every team the caller sees) moved between two instants. Every
 * (asset, control) counted at either instant falls in exactly one part, so the parts add up:
 * {@code to.passed - from.passed = fixes - regressions + newAssets.passed - retiredAssets.passed
 * + newPasses - droppedPasses}, and {@code to.failed - from.failed = regressions - fixes +
 * newAssets.failed - retiredAssets.failed + newFailures - droppedFailures}. Warn counts as failed,
 * as in the score.
 */
public record PostureChange(
        String team,
        Instant from,
        Instant to,
        Side before,
        Side after,
        long fixes,
        long regressions,
        AssetPart newAssets,
        AssetPart retiredAssets,
        long newFailures,
        long newPasses,
        long droppedFailures,
        long droppedPasses,
        String summary) {

    /** The score and counts at one of the two instants. */
    public record Side(BigDecimal score, long passed, long failed, long assets) {
        public String display() {
            return score == null ? "—" : score.toPlainString() + " %";
        }
    }

    /**
     * Assets that started counting (new, back from stale, moved in) or stopped counting (gone,
     * stale, moved out), with the passed and failed results they brought or took away.
     */
    public record AssetPart(long assets, long passed, long failed) {}

    /** Passed after minus passed before, from the parts alone. */
    public long passedDelta() {
        return fixes - regressions + newAssets.passed() - retiredAssets.passed() + newPasses - droppedPasses;
    }

    /** Failed after minus failed before, from the parts alone. */
    public long failedDelta() {
        return regressions - fixes + newAssets.failed() - retiredAssets.failed() + newFailures - droppedFailures;
    }
}
