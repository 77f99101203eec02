package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One point a day from the daily rollups: the score at the end of that UTC day. */
public record Trend(String team, LocalDate from, LocalDate to, List<Point> points) {

    /** The trend as SVG polyline points (see {@link Sparkline}). */
    public String sparkline() {
        return Sparkline.points(points.stream().map(Point::score).toList());
    }

    /** The vertical range of {@link #sparkline()}. */
    public Sparkline.Range range() {
        return Sparkline.range(points.stream().map(Point::score).toList());
    }

    /** A day's score and counts. */
    public record Point(LocalDate day, BigDecimal score, long passed, long failed) {}
}
