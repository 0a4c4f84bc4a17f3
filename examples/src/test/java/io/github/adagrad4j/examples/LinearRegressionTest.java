package io.github.adagrad4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearRegressionTest {

    @Test
    void recoversTheSlopeWithinTheNoiseAndReportsEveryHundredEpochs() {
        List<String> lines = new ArrayList<>();
        LinearRegression.Result r = LinearRegression.run(42, 1000, 0.1, lines::add);
        // 100 points with noise sd 0.1 on x in [0, 1): the OLS slope's standard error is about 0.035.
        assertThat((double) r.w()).isCloseTo(2.0, within(0.1));
        assertThat((double) r.b()).isCloseTo(0.0, within(0.06));
        // The noise variance is 0.01: a fitted line leaves about that much.
        assertThat(r.loss()).isBetween(0.005, 0.012);
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).startsWith("epoch  100  loss ");
        assertThat(lines.get(10)).startsWith("w = ");
    }
}
