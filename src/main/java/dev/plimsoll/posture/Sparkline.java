package dev.plimsoll.posture;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Scores as SVG polyline points in a 100 × 24 box. The vertical axis spans the scores' own range
 * (widened to at least ten points and kept within 0–100 %), so that a change of a few points
 * shows; days without a score are skipped.
 */
public final class Sparkline {

    private Sparkline() {}

    /** The lowest and highest score of the axis, in percent. */
    public record Range(long low, long high) {}

    public static Range range(List<BigDecimal> scores) {
        double low = scores.stream()
                .filter(Objects::nonNull)
                .mapToDouble(BigDecimal::doubleValue)
                .min()
                .orElse(0);
        double high = scores.stream()
                .filter(Objects::nonNull)
                .mapToDouble(BigDecimal::doubleValue)
                .max()
                .orElse(100);
        long span = Math.max(10, (long) Math.ceil(high - low) + 4);
        long bottom = Math.max(0, (long) Math.floor((low + high) / 2 - span / 2.0));
        long top = Math.min(100, bottom + span);
        return new Range(Math.max(0, top - span), top);
    }

    public static String points(List<BigDecimal> scores) {
        int n = scores.size();
        if (n < 2) {
            return "";
        }
        Range range = range(scores);
        StringBuilder svg = new StringBuilder();
        for (int i = 0; i < n; i++) {
            BigDecimal score = scores.get(i);
            if (score == null) {
                continue;
            }
            double x = 100.0 * i / (n - 1);
            double y = 24 - 24 * (score.doubleValue() - range.low()) / (range.high() - range.low());
            tenths(svg, x).append(',');
            tenths(svg, y).append(' ');
        }
        return svg.toString().trim();
    }

    /** The value with one decimal (half up), as {@code %.1f} writes it, without a formatter per number. */
    static StringBuilder tenths(StringBuilder out, double value) {
        long tenths = Math.round(Math.abs(value) * 10);
        if (value < 0 && tenths != 0) {
            out.append('-');
        }
        return out.append(tenths / 10).append('.').append(tenths % 10);
    }
}
