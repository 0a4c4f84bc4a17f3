package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.nn.layers.Dense;
import io.github.adagrad4j.nn.layers.Layers;
import io.github.adagrad4j.nn.layers.Sequential;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir
    Path dir;

    /** Two interleaved spirals-ish blobs: class = sign of x0 * x1, not linearly separable. */
    private static Dataset quadrants(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float a = (float) (r.nextDouble() * 2 - 1);
            float b = (float) (r.nextDouble() * 2 - 1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = a * b > 0 ? 1 : 0;
        }
        return new Dataset(x, new int[] {2}, y, 1);
    }

    private static Sequential mlp(long initSeed) {
        SplittableRandom rng = new SplittableRandom(initSeed);
        return new Sequential(new Dense(2, 32, rng), Layers.relu(), Layers.dropout(0.1, 1234), new Dense(32, 2, rng));
    }

    @Test
    void learnsANonLinearBoundary() {
        Sequential model = mlp(1);
        Trainer t = new Trainer(model, Loss.CROSS_ENTROPY, new AdaGrad(0.1).on(model.parameters()));
        History h = t.fit(quadrants(800, 1), FitOptions.builder().epochs(30).batchSize(32).validationSplit(0.25)
                .metrics(Metric.ACCURACY).build());
        assertThat(h.epochs()).hasSize(30);
        assertThat(h.last("val_accuracy")).isGreaterThan(0.93);
        assertThat(h.series("loss")[29]).isLessThan(h.series("loss")[0]);
        Map<String, Double> test = t.evaluate(quadrants(400, 2), List.of(Metric.ACCURACY));
        assertThat(test.get("accuracy")).isGreaterThan(0.93);
    }

    @Test
    void resumingFromACheckpointRepeatsTheUninterruptedRunExactly() throws IOException {
        Dataset data = quadrants(300, 3);
        FitOptions four = FitOptions.builder().epochs(4).batchSize(16).seed(9).build();

        Sequential straightModel = mlp(5);
        new Trainer(straightModel, Loss.CROSS_ENTROPY, new AdaGrad(0.1).on(straightModel.parameters())).fit(data, four);

        Path ckpt = dir.resolve("ckpt.safetensors");
        Sequential first = mlp(5);
        new Trainer(first, Loss.CROSS_ENTROPY, new AdaGrad(0.1).on(first.parameters())).fit(data,
                FitOptions.builder().epochs(2).batchSize(16).seed(9)
                        .callbacks(Callbacks.modelCheckpoint(ckpt, "loss", false)).build());

        Sequential resumedModel = mlp(77); // other initial weights: the checkpoint must overwrite them all
        Trainer resumed = new Trainer(resumedModel, Loss.CROSS_ENTROPY, new AdaGrad(0.1).on(resumedModel.parameters()));
        resumed.resume(ckpt);
        assertThat(resumed.completedEpochs()).isEqualTo(2);
        History h = resumed.fit(data, four);
        assertThat(h.epochs()).hasSize(2);

        List<Parameter> a = straightModel.parameters();
        List<Parameter> b = resumedModel.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(Arrays.equals(a.get(i).data(), b.get(i).data())).as(a.get(i).name()).isTrue();
        }
    }

    @Test
    void callbacksStopLogAndReduceTheRate() throws IOException {
        Sequential model = mlp(2);
        Optimizer opt = new AdaGrad(0.1).on(model.parameters());
        Path csv = dir.resolve("out/history.csv");
        History h = new Trainer(model, Loss.CROSS_ENTROPY, opt).fit(quadrants(200, 4), FitOptions.builder()
                .epochs(50).batchSize(50).validationSplit(0.5).metrics(Metric.ACCURACY)
                .callbacks(Callbacks.earlyStopping("val_loss", 0, 10.0, false), Callbacks.csvLogger(csv),
                        Callbacks.reduceLrOnPlateau("val_loss", 0.5, 0, 10.0, 0.01)).build());
        // minDelta 10 means no epoch ever "improves" after the first: stop after the second epoch,
        // and halve the rate there.
        assertThat(h.epochs()).hasSize(2);
        assertThat(opt.lrFactor()).isEqualTo(0.5);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,lr");
        assertThat(lines).hasSize(3);
        assertThat(opt.lrFactor()).isLessThan(1.0);
        assertThatThrownBy(() -> Callbacks.reduceLrOnPlateau("val_loss", 1.5, 1, 0, 0)).hasMessageContaining("0 < factor < 1");
    }

    @Test
    void shapeMismatchNamesTheLayer() {
        Sequential model = mlp(3);
        Trainer t = new Trainer(model, Loss.CROSS_ENTROPY, new AdaGrad(0.1).on(model.parameters()));
        Dataset three = new Dataset(new float[9], new int[] {3}, new float[3], 1);
        assertThatThrownBy(() -> t.fit(three, FitOptions.builder().build()))
                .hasMessage("layer 0 (Dense): linear: input has 3 features but weight [32, 2] expects 2");
    }

    @Test
    void metricsMatchTheirDefinitions() {
        float[] scores = {0.1f, 0.4f, 0.35f, 0.8f};
        float[] labels = {0, 0, 1, 1};
        assertThat(Metric.ROC_AUC.compute(scores, 1, labels, 1)).isEqualTo(0.75);
        float[] pred = {1, 2, 3};
        float[] truth = {1, 2, 5};
        assertThat(Metric.MSE.compute(pred, 1, truth, 1)).isEqualTo(4.0 / 3);
        // mean 8/3, SS_tot = 25/9 + 4/9 + 49/9 = 78/9, SS_res = 4
        assertThat(Metric.R2.compute(pred, 1, truth, 1)).isCloseTo(1 - 4 / (78.0 / 9), org.assertj.core.api.Assertions.within(1e-12));
    }
}
