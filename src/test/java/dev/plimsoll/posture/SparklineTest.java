package dev.plimsoll.posture;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparklineTest {

    @Test
    void points_are_written_with_one_decimal_as_the_formatter_writes_them() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            double value = (random.nextDouble() - 0.1) * 120;
            assertThat(Sparkline.tenths(new StringBuilder(), value).toString())
                    .as("%s", value)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", value).replace("-0.0", "0.0"));
        }
    }

    @Test
    void a_trend_becomes_a_polyline_over_the_box_skipping_days_without_a_score() {
        List<BigDecimal> scores = new ArrayList<>(List.of(new BigDecimal("50"), new BigDecimal("60")));
        scores.add(null);
        scores.add(new BigDecimal("55"));
        assertThat(Sparkline.points(scores)).isEqualTo("0.0,20.6 33.3,3.4 100.0,12.0");
    }
}
