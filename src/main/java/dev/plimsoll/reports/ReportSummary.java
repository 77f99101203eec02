package dev.plimsoll.reports;

import dev.plimsoll.posture.ChecklistItemPosture;
import dev.plimsoll.posture.Score;
import dev.plimsoll.posture.Sparkline;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The numbers at the head of a report, taken from the posture services when the report is
 * requested (so that they equal the dashboards'), or, for a scope the dashboards do not have
 * (chosen hosts, one benchmark), counted by the same rules from the report's own rows.
 */
public record ReportSummary(
        String source,
        BigDecimal score,
        long passed,
        long failed,
        BigDecimal scoreWithExceptions,
        long excepted,
        long assets,
        long stale,
        List<Section> sections,
        List<TeamLine> teams,
        List<TrendPoint> trend,
        List<ChecklistItemPosture> checklist) {

    /** One CIS section's score. */
    public record Section(String section, String title, BigDecimal score, long passed, long failed) {}

    /** One team's score. */
    public record TeamLine(
            String slug, String name, BigDecimal score, long passed, long failed, long assets, long stale) {}

    /** One day of the trend. */
    public record TrendPoint(LocalDate day, BigDecimal score, long passed, long failed) {}

    static BigDecimal percent(long passed, long failed) {
        return Score.of(passed, failed).percent();
    }

    public String scoreText() {
        return Score.of(passed, failed).display();
    }

    public String scoreWithExceptionsText() {
        return scoreWithExceptions == null ? "—" : scoreWithExceptions.toPlainString() + " %";
    }

    /** The trend as SVG polyline points in a 100 × 24 box. */
    public String sparkline() {
        return Sparkline.points(trend.stream().map(TrendPoint::score).toList());
    }

    public Sparkline.Range range() {
        return Sparkline.range(trend.stream().map(TrendPoint::score).toList());
    }
}
