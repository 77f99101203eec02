package dev.plimsoll.posture;

import java.util.List;

/** A team's current score, its assets in the posture and its daily scores for the sparkline. */
public record TeamPosture(String slug, String name, Score score, long assets, long stale, List<DailyScore> trend) {

    /** One day of a trend: the score from that day's rollup. */
    public record DailyScore(java.time.LocalDate day, Score score) {}

    /** The trend as SVG polyline points (see {@link Sparkline}). */
    public String sparkline() {
        return Sparkline.points(trend.stream().map(p -> p.score().percent()).toList());
    }
}
