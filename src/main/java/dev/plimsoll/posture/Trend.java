package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One point a day from the daily rollups: the score at the end of that UTC day. */
public record Trend(String team, LocalDate from, LocalDate to, List<Point> points) {

    /** A day's score and counts. */
    public record Point(LocalDate day, BigDecimal score, long passed, long failed) {}
}
