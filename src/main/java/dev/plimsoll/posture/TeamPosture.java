package dev.plimsoll.posture;

import java.util.List;

/** A team's current score, its assets in the posture and its daily scores for the sparkline. */
public record TeamPosture(String slug, String name, Score score, long assets, long stale, List<DailyScore> trend) {

    /** One day of a trend: the score from that day's rollup. */
    public record DailyScore(java.time.LocalDate day, Score score) {}

    /** The trend as SVG polyline points in a 100 × 24 box (score 0 at the bottom, 100 at the top). */
    public String sparkline() {
        List<DailyScore> points =
                trend.stream().filter(p -> p.score().percent() != null).toList();
        if (points.size() < 2) {
            return "";
        }
        StringBuilder svg = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double x = 100.0 * i / (points.size() - 1);
            double y = 24 - 24 * points.get(i).score().percent().doubleValue() / 100.0;
            svg.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return svg.toString().trim();
    }
}
