package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The posture score: passed / (passed + failed) as a percentage with two decimals, where warn
 * counts as failed and info, manual, skip and error are not counted; {@code null} when nothing
 * counts. Always shown with its counts.
 */
public record Score(BigDecimal percent, long passed, long failed) {

    public static Score of(long passed, long failed) {
        long counted = passed + failed;
        BigDecimal percent = counted == 0
                ? null
                : BigDecimal.valueOf(passed * 100L).divide(BigDecimal.valueOf(counted), 2, RoundingMode.HALF_EVEN);
        return new Score(percent, passed, failed);
    }

    /** The score as text for pages: "72.22 %" or "—" when nothing counts. */
    public String display() {
        return percent == null ? "—" : percent.toPlainString() + " %";
    }

    public boolean good() {
        return percent != null && percent.compareTo(BigDecimal.valueOf(80)) >= 0;
    }
}
