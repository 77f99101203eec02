package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A team's posture target and its progress: the score it aims for by a date, the score now, how
 * many failing results must pass to reach it ({@code fixesNeeded}, with today's counts) and the
 * state: {@code none} (no target set), {@code met}, {@code open} (not met, due date ahead) or
 * {@code overdue}.
 */
public record PostureTarget(
        String team,
        BigDecimal targetPercent,
        LocalDate due,
        String setBy,
        Instant setAt,
        BigDecimal score,
        long passed,
        long failed,
        long fixesNeeded,
        long daysLeft,
        String state) {

    public boolean set() {
        return targetPercent != null;
    }

    /** The progress bar's width: score as a share of the target, 0–100. */
    public int progressPercent() {
        if (targetPercent == null || score == null || targetPercent.signum() == 0) {
            return 0;
        }
        return Math.min(
                100,
                score.multiply(BigDecimal.valueOf(100))
                        .divide(targetPercent, 0, java.math.RoundingMode.DOWN)
                        .intValue());
    }

    /** One sentence for pages. */
    public String summary() {
        if (targetPercent == null) {
            return "No target set.";
        }
        String goal = "Target " + targetPercent.stripTrailingZeros().toPlainString() + " % by " + due;
        return switch (state) {
            case "met" -> goal + ": met.";
            case "overdue" -> goal + ": overdue, " + fixesNeeded + " more passing results needed.";
            default -> goal + ": " + fixesNeeded + " more passing results needed, " + daysLeft + " days left.";
        };
    }

    /** The body of {@code PUT /api/v1/teams/{slug}/target}. */
    public record Request(BigDecimal targetPercent, LocalDate due) {}
}
