package io.github.adagrad4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each specified example on a reduced budget, with thresholds a broken optimizer, model or reader
 * would miss. Full-size results are in the README. Fashion-MNIST comes from Debian's
 * dataset-fashion-mnist, which .ci/run installs.
 */
class ExamplesTest {
    @TempDir
    Path dir;

    private static final PrintWriter QUIET = new PrintWriter(Writer.nullWriter());

    @Test
    void digitsMlpReaches95PercentAtFullSize() throws IOException {
        Recipe r = Catalog.recipe("digits");
        r.output = dir.resolve("digits");
        assertThat(r.run(QUIET).test().get("accuracy")).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void fashionTwoLayerNetOnASixthOfTheDataForTwoEpochs() throws IOException {
        Recipe r = Catalog.recipe("fashion-mlp-50");
        r.epochs = 2;
        r.trainLimit = 10_000;
        r.output = dir.resolve("fm50");
        // Measured 0.79 with this budget; a model that learned nothing scores 0.10.
        assertThat(r.run(QUIET).test().get("accuracy")).isGreaterThan(0.75);
    }

    @Test
    void fashionCnnOnTwoThousandImagesForOneEpoch() throws IOException {
        Recipe r = Catalog.recipe("fashion-cnn");
        r.epochs = 1;
        r.trainLimit = 2_000;
        r.output = dir.resolve("cnn");
        assertThat(r.run(QUIET).test().get("accuracy")).isGreaterThan(0.60);
    }

    @Test
    void bostonNetworksBeatTheConstantPredictorAndOlsIsSane() throws IOException {
        BostonComparison.Result r = BostonComparison.run(1, 30, dir.resolve("boston"), QUIET);
        // The test targets' standard deviation is about 9: predicting the mean scores that RMSE.
        assertThat(r.adamRmse()).isLessThan(6.0);
        assertThat(r.adagradRmse()).isLessThan(6.0);
        assertThat(r.olsRmse()).isBetween(3.5, 6.0);
    }
}
