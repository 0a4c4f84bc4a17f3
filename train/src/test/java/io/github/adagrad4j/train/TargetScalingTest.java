package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.TargetScaler;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression on a price column in the hundreds of thousands ({@code tools/data/make_price_csv.py}
 * wrote {@code tables/prices.csv}): trained on standardised targets, figures and predictions in
 * the price's own units.
 */
class TargetScalingTest {
    /** scikit-learn 1.9.1's Ridge(alpha=1) on the same split, as make_price_csv.py prints it. */
    static final double RIDGE_R2 = 0.9106;
    static final Path PRICES = Path.of("src/test/resources/tables/prices.csv");
    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());

    @TempDir
    Path dir;

    private Recipe recipe(String model, boolean scale) {
        return new Recipe(TrainingConfig.builder().data(PRICES.toString()).task("regression").model(model)
                .optimizer("adagrad").optimizerOption("lr", "0.05").epochs(40).targetScaling(scale)
                .output(dir.resolve(model.replace(':', '-') + "-" + scale)).build());
    }

    @Test
    void aLargeValuedTargetReachesRidgesR2AndPredictionsAreInItsUnits() throws IOException {
        Recipe.Result linear = recipe("linear", true).run(QUIET);
        Recipe.Result mlp = recipe("mlp:64,32", true).run(QUIET);
        // A linear model on standardised targets is Ridge's model; the network also finds the per-city rates.
        assertThat(linear.test().get("r2")).isGreaterThanOrEqualTo(RIDGE_R2 - 0.005);
        assertThat(mlp.test().get("r2")).isGreaterThan(RIDGE_R2);
        // The RMSE is in dollars (the price's sd is about 370,000), not in standard deviations.
        assertThat(mlp.test().get("rmse")).isBetween(5_000.0, 100_000.0);

        TrainedModel m = TrainedModel.load(mlp.output());
        assertThat(Files.readString(mlp.output().resolve("model.json"))).contains("\"target_scaling\"");
        // The file's first row: sqft 875, 2 bedrooms, 50 years, Fresno, lot 5960, sold for 106,328.
        double v = m.predict(Map.of("sqft", "875", "bedrooms", "2", "age", "50", "city", "Fresno", "lot", "5960"))
                .value();
        assertThat(v).isBetween(50_000.0, 170_000.0);
    }

    @Test
    void withoutScalingTheSameRunDoesNotLearnTheTarget() throws IOException {
        // The fault this fixes: outputs start near 0 and AdaGrad moves by about its rate per step.
        assertThat(recipe("linear", false).run(QUIET).test().get("r2")).isLessThan(0.0);
    }

    @Test
    void theScalerIsTheTrainingRowsMeanAndPopulationDeviation() {
        TargetScaler t = TargetScaler.fit(new Dataset(new float[4], new int[] {1}, new float[] {1, 2, 3, 6}, 1));
        assertThat(t.mean()).containsExactly(3.0);
        assertThat(t.scale()[0]).isCloseTo(Math.sqrt(3.5), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(t.unscale(t.scale(6f, 0), 0)).isEqualTo(6f);
        TargetScaler constant = TargetScaler.fit(new Dataset(new float[2], new int[] {1}, new float[] {5, 5}, 1));
        assertThat(constant.scale()).containsExactly(1.0);
        assertThatThrownBy(() -> new TargetScaler(new double[] {0}, new double[] {0}))
                .hasMessageContaining("target column 0: mean must be finite and scale finite and > 0");
    }
}
