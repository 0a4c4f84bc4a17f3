package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Probabilities and values as people read them: significant digits, plain notation. */
class PredictionsFormatTest {
    private static String p(float v) {
        return Predictions.plain(new StringBuilder(), v, 6).toString();
    }

    @Test
    void probabilitiesHaveSixSignificantDigitsInPlainNotation() {
        assertThat(p(3.6090662E-4f)).isEqualTo("0.000360907");
        assertThat(p(0.5f)).isEqualTo("0.5");
        assertThat(p(1f)).isEqualTo("1");
        assertThat(p(0f)).isEqualTo("0");
        assertThat(p(0.9999996f)).isEqualTo("1");
        assertThat(p(0.12345678f)).isEqualTo("0.123457");
        assertThat(p(1.5e-9f)).isEqualTo("0.0000000015");
        assertThat(Predictions.plain(new StringBuilder(), 215432.17f, 7).toString()).isEqualTo("215432.2");
        assertThat(Predictions.plain(new StringBuilder(), -12345678f, 7).toString()).isEqualTo("-12345680");
        assertThat(Predictions.plain(new StringBuilder(), Float.NaN, 7).toString()).isEqualTo("NaN");
    }

    @Test
    void agreesWithBigDecimalRoundingOnRandomValues() {
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 100_000; i++) {
            float v = (float) Math.pow(10, r.nextDouble(-12, 12)) * (r.nextBoolean() ? 1 : -1);
            String expected = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
            String got = p(v);
            // Halfway cases in binary can round either way through a double product: allow one unit in the 6th digit.
            if (!got.equals(expected)) {
                assertThat(new BigDecimal(got).subtract(new BigDecimal(expected)).abs())
                        .as("%s: %s vs %s", v, got, expected)
                        .isLessThanOrEqualTo(new BigDecimal(expected).abs().movePointLeft(5));
            }
        }
    }
}
