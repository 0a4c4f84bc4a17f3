package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.Rules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdaGradClassifierTest {
    @TempDir
    Path dir;

    private static double accuracy(AdaGradClassificationModel m, Dataset<Row> data) {
        List<Row> out = m.transform(data).select("label", "prediction").collectAsList();
        return out.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count() / (double) out.size();
    }

    @Test
    void onePartitionFullBatchEqualsLocalFullBatchTrainingWithTheSameRule() {
        List<Row> rows = TestSpark.denseBinary(300, 5, 7);
        AdaGradClassificationModel m = new AdaGradClassifier().setOptimizer("adagrad").setLearningRate(0.1)
                .setInitialAccumulator(0.1).setMiniBatchFraction(1.0).setMaxIter(25).setTol(0)
                .fit(TestSpark.frameInOrder(TestSpark.local(), rows, 1));

        // The same training written out plainly: mean logistic-loss gradient of all rows, one step per epoch.
        Parameter w = Parameter.zeros("weight", 5, 1);
        Parameter b = Parameter.zeros("bias", 1);
        Optimizer opt = Rules.parse("adagrad:lr=0.1,initial-accumulator=0.1").on(List.of(w, b));
        for (int epoch = 0; epoch < 25; epoch++) {
            double[] g = new double[5];
            double gb = 0;
            for (Row r : rows) {
                double[] x = ((Vector) r.get(1)).toArray();
                double z = b.data()[0];
                for (int j = 0; j < 5; j++) {
                    z += x[j] * w.data()[j];
                }
                double d = 1 / (1 + Math.exp(-z)) - r.getDouble(0);
                for (int j = 0; j < 5; j++) {
                    g[j] += d * x[j];
                }
                gb += d;
            }
            for (int j = 0; j < 5; j++) {
                w.grad()[j] = (float) (g[j] / rows.size());
            }
            b.grad()[0] = (float) (gb / rows.size());
            opt.step();
            opt.zeroGrad();
        }
        double[] ours = m.coefficients().toArray();
        for (int j = 0; j < 5; j++) {
            assertThat(ours[j]).as("coefficient %d", j).isCloseTo(w.data()[j], within(1e-6));
        }
        assertThat(m.intercept()).isCloseTo(b.data()[0], within(1e-6));
        assertThat(m.lossHistory()).hasSize(25);
        assertThat(m.lossHistory()[24]).isLessThan(m.lossHistory()[0]);
    }

    @Test
    void sameDataPartitioningAndSeedGiveTheSameModelBitsInBothModes() {
        List<Row> rows = TestSpark.sparseBinary(3000, 1 << 16, 20, 11);
        for (String mode : List.of("sync", "average")) {
            AdaGradClassifier est = new AdaGradClassifier().setTrainingMode(mode).setBatchSize(64).setMaxIter(3)
                    .setLearningRate(0.2);
            AdaGradClassificationModel a = est.fit(TestSpark.frame(rows, 5));
            AdaGradClassificationModel b = est.fit(TestSpark.frame(rows, 5));
            assertThat(a.weights().coefficients()).as(mode).isEqualTo(b.weights().coefficients());
            assertThat(a.intercept()).as(mode).isEqualTo(b.intercept());
            assertThat(accuracy(a, TestSpark.frame(rows, 2))).as(mode).isGreaterThan(0.75);
        }
    }

    static final AtomicBoolean FAIL_FIRST_ATTEMPTS = new AtomicBoolean();
    /** Static, not captured: the hook runs on a deserialized copy (in local mode, in this JVM). */
    static final List<String> FAILED = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void aTaskFailingItsFirstAttemptIsRetriedAndTheModelIsBitIdentical() {
        List<Row> rows = TestSpark.sparseBinary(2000, 1 << 14, 10, 3);
        AdaGradClassifier est = new AdaGradClassifier().setBatchSize(100).setMaxIter(2);
        AdaGradClassificationModel clean = est.fit(TestSpark.frame(rows, 3));
        FAILED.clear();
        FAIL_FIRST_ATTEMPTS.set(true);
        try {
            AdaGradClassificationModel retried = est.copy(new org.apache.spark.ml.param.ParamMap())
                    .setStepHook((epoch, step, partition) -> {
                        if (FAIL_FIRST_ATTEMPTS.get() && epoch == 1 && step == 2 && partition == 1
                                && TaskContext.get().attemptNumber() == 0) {
                            FAILED.add(epoch + "/" + step + "/" + partition);
                            throw new IllegalStateException("injected failure of a first attempt");
                        }
                    }).fit(TestSpark.frame(rows, 3));
            assertThat(FAILED).containsExactly("1/2/1");
            assertThat(retried.weights().coefficients()).isEqualTo(clean.weights().coefficients());
            assertThat(retried.intercept()).isEqualTo(clean.intercept());
        } finally {
            FAIL_FIRST_ATTEMPTS.set(false);
        }
    }

    static final AtomicBoolean INTERRUPT = new AtomicBoolean();

    @Test
    void anInterruptedFitResumesFromItsLastCheckpointToTheSameModel() {
        List<Row> rows = TestSpark.sparseBinary(1500, 1 << 12, 10, 5);
        String ckpt = dir.resolve("ckpt").toString();
        AdaGradClassifier est = new AdaGradClassifier().setBatchSize(50).setMaxIter(4).setTol(0);
        AdaGradClassificationModel straight = est.fit(TestSpark.frame(rows, 2));

        AdaGradClassifier withCkpt = est.copy(new org.apache.spark.ml.param.ParamMap()).setCheckpointInterval(1)
                .setCheckpointDir(ckpt).setStepHook((epoch, step, partition) -> {
                    if (INTERRUPT.get() && epoch == 2 && step == 3) {
                        throw new IllegalStateException("injected crash in epoch 3");
                    }
                });
        INTERRUPT.set(true);
        try {
            assertThatThrownBy(() -> withCkpt.fit(TestSpark.frame(rows, 2))).hasMessageContaining("injected crash");
        } finally {
            INTERRUPT.set(false);
        }
        assertThat(dir.resolve("ckpt").resolve(FitCheckpoint.FILE)).exists();
        AdaGradClassificationModel resumed = withCkpt.fit(TestSpark.frame(rows, 2));
        assertThat(resumed.weights().coefficients()).isEqualTo(straight.weights().coefficients());
        assertThat(resumed.lossHistory()).isEqualTo(straight.lossHistory());

        AdaGradClassifier other = withCkpt.copy(new org.apache.spark.ml.param.ParamMap()).setLearningRate(0.5);
        assertThatThrownBy(() -> other.fit(TestSpark.frame(rows, 2))).hasMessageContaining("holds a checkpoint of another fit");
    }

    @Test
    void aSparseStepShipsOnlyTheTouchedFeaturesOfAMillionDimensionalModel() {
        int dim = 1 << 20;
        List<Row> rows = TestSpark.sparseBinary(400, dim, 30, 9);
        AdaGradClassifier est = new AdaGradClassifier().setBatchSize(100);
        FitConfig c = est.trainingParamSet().config(est, LinearLoss.LOGISTIC, 1, 2, 0, "label", "features",
                null);
        List<Block> blocks = TestSpark.frameInOrder(TestSpark.local(), rows, 1).select("label", "weight", "features")
                .javaRDD().mapPartitionsWithIndex((p, it) -> {
                    List<Row> l = new ArrayList<>();
                    it.forEachRemaining(l::add);
                    int n = l.size();
                    int[] start = new int[n + 1];
                    List<Integer> idx = new ArrayList<>();
                    double[] y = new double[n];
                    double[] wt = new double[n];
                    for (int i = 0; i < n; i++) {
                        start[i] = idx.size();
                        org.apache.spark.ml.linalg.SparseVector v = (org.apache.spark.ml.linalg.SparseVector) l.get(i).get(2);
                        for (int q : v.indices()) {
                            idx.add(q);
                        }
                        y[i] = l.get(i).getDouble(0);
                        wt[i] = 1;
                    }
                    start[n] = idx.size();
                    float[] val = new float[idx.size()];
                    java.util.Arrays.fill(val, 1f);
                    return List.of(new Block(p, start, idx.stream().mapToInt(Integer::intValue).toArray(), val, y, wt))
                            .iterator();
                }, true).collect();
        Block b = blocks.get(0);
        Replicas.Chain chain = new Replicas.Chain("shipping-test", 0,
                TestSpark.local().sparkContext().broadcast(new Replicas.Weights(0, new float[dim], new float[1]),
                        scala.reflect.ClassTag$.MODULE$.apply(Replicas.Weights.class)), List.of());
        ExactSparseSum g = SyncMode.Linear.batchGradient(b, c, dim, null, chain, 0, 0);
        java.util.Set<Integer> touched = new java.util.HashSet<>();
        Block.Order order = b.order(c.seed(), 0);
        for (int i = 0; i < 100; i++) {
            int r = order.row(i);
            for (int p = b.rowStart[r]; p < b.rowStart[r + 1]; p++) {
                touched.add(b.index[p]);
            }
        }
        assertThat(g.rows).hasSize(touched.size()).hasSizeLessThanOrEqualTo(100 * 30);
        assertThat(g.hi).hasSize(touched.size());
        Replicas.forget("shipping-test");
    }

    @Test
    void multinomialOnThreeClassesGivesProbabilitiesThatSumToOne() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int y = i % 3;
            rows.add(RowFactory.create((double) y, Vectors.dense(y == 0 ? 2 : 0 + r.nextGaussian() * 0.5,
                    y == 1 ? 2 : r.nextGaussian() * 0.5, y == 2 ? 2 : r.nextGaussian() * 0.5), 1.0));
        }
        AdaGradClassificationModel m = new AdaGradClassifier().setLearningRate(0.3).setBatchSize(32).setMaxIter(10)
                .fit(TestSpark.frame(rows, 2));
        assertThat(m.numClasses()).isEqualTo(3);
        assertThat(m.isBinomial()).isFalse();
        assertThat(m.coefficientMatrix().numRows()).isEqualTo(3);
        assertThat(accuracy(m, TestSpark.frame(rows, 2))).isGreaterThan(0.95);
        for (Row row : m.transform(TestSpark.frame(rows, 2)).select("probability").collectAsList()) {
            double[] p = ((Vector) row.get(0)).toArray();
            assertThat(p[0] + p[1] + p[2]).isCloseTo(1.0, within(1e-9));
        }
        assertThatThrownBy(m::coefficients).hasMessageContaining("use coefficientMatrix()");
    }

    @Test
    void averagingModeAveragesWeightsAndAccumulatorsAndLearns() {
        List<Row> rows = TestSpark.denseBinary(2000, 8, 21);
        AdaGradClassificationModel avg = new AdaGradClassifier().setTrainingMode("average").setBatchSize(20)
                .setMaxIter(5).setLearningRate(0.2).fit(TestSpark.frame(rows, 4));
        AdaGradClassificationModel sync = new AdaGradClassifier().setBatchSize(20).setMaxIter(5).setLearningRate(0.2)
                .fit(TestSpark.frame(rows, 4));
        assertThat(accuracy(avg, TestSpark.frame(rows, 2))).isGreaterThan(0.85);
        assertThat(accuracy(sync, TestSpark.frame(rows, 2))).isGreaterThan(0.85);
        assertThat(avg.lossHistory()[4]).isLessThan(avg.lossHistory()[0]);
    }

    @Test
    void standardizationTrainsOnScaledFeaturesAndReturnsCoefficientsInTheOriginalScale() {
        List<Row> rows = TestSpark.denseBinary(400, 3, 17);
        double[] scale = {1, 1000, 0.01};
        List<Row> raw = new ArrayList<>();
        for (Row r : rows) {
            double[] x = ((Vector) r.get(1)).toArray().clone(); // toArray() is the vector's own array
            for (int j = 0; j < 3; j++) {
                x[j] *= scale[j];
            }
            raw.add(RowFactory.create(r.getDouble(0), Vectors.dense(x), 1.0));
        }
        double[] std = new double[3];
        for (int j = 0; j < 3; j++) {
            double s = 0;
            double s2 = 0;
            for (Row r : raw) {
                double v = (float) ((Vector) r.get(1)).apply(j);
                s += v;
                s2 += v * v;
            }
            double mean = s / raw.size();
            std[j] = Math.sqrt(s2 / raw.size() - mean * mean);
        }
        List<Row> scaled = new ArrayList<>();
        for (Row r : raw) {
            double[] x = ((Vector) r.get(1)).toArray().clone();
            for (int j = 0; j < 3; j++) {
                x[j] = (float) x[j] / std[j];
            }
            scaled.add(RowFactory.create(r.getDouble(0), Vectors.dense(x), 1.0));
        }
        // Full batches: the two data sets differ in content, so their rows are visited in other orders.
        AdaGradClassifier est = new AdaGradClassifier().setLearningRate(0.1).setMiniBatchFraction(1.0).setMaxIter(30)
                .setTol(0);
        AdaGradClassificationModel a = est.copy(new org.apache.spark.ml.param.ParamMap()).setStandardization(true)
                .fit(TestSpark.frameInOrder(TestSpark.local(), raw, 2));
        AdaGradClassificationModel b = est.fit(TestSpark.frameInOrder(TestSpark.local(), scaled, 2));
        for (int j = 0; j < 3; j++) {
            double expected = b.coefficients().apply(j) / std[j];
            assertThat(a.coefficients().apply(j)).as("coefficient %d", j)
                    .isCloseTo(expected, within(1e-4 * Math.abs(expected) + 1e-9));
        }
        assertThat(a.intercept()).isCloseTo(b.intercept(), within(1e-5));
        assertThat(accuracy(a, TestSpark.frameInOrder(TestSpark.local(), raw, 2))).isGreaterThan(0.85);
    }

    @Test
    void badInputIsRejectedBeforeTrainingWithTheColumnRowOrParamNamed() {
        List<Row> ok = TestSpark.denseBinary(20, 3, 1);
        List<Row> badLabel = new ArrayList<>(ok);
        badLabel.set(7, RowFactory.create(2.5, Vectors.dense(1, 2, 3), 1.0));
        assertThatThrownBy(() -> new AdaGradClassifier().fit(TestSpark.frameInOrder(TestSpark.local(), badLabel, 1)))
                .hasMessageContaining("column 'label'").hasMessageContaining("2.5");
        badLabel.set(7, RowFactory.create(0.5, Vectors.dense(1, 2, 3), 1.0));
        assertThatThrownBy(() -> new AdaGradClassifier().fit(TestSpark.frameInOrder(TestSpark.local(), badLabel, 1)))
                .hasMessageContaining("column 'label': label 0.5 at partition 0, row 7");
        List<Row> nan = new ArrayList<>(ok);
        nan.set(3, RowFactory.create(1.0, Vectors.dense(1, Double.NaN, 3), 1.0));
        assertThatThrownBy(() -> new AdaGradClassifier().fit(TestSpark.frameInOrder(TestSpark.local(), nan, 1)))
                .hasMessageContaining("column 'features'").hasMessageContaining("NaN at index 1")
                .hasMessageContaining("row 3");
        List<Row> size = new ArrayList<>(ok);
        size.set(5, RowFactory.create(1.0, Vectors.dense(1, 2), 1.0));
        assertThatThrownBy(() -> new AdaGradClassifier().fit(TestSpark.frameInOrder(TestSpark.local(), size, 1)))
                .hasMessageContaining("vector of size 2").hasMessageContaining("first row's has size 3");
        assertThatThrownBy(() -> new AdaGradClassifier().setOptimizer("sgd").setL1(0.1)
                .fit(TestSpark.frame(ok, 1))).hasMessageContaining("option 'l1' does not apply to optimizer 'sgd'");
        assertThatThrownBy(() -> new AdaGradClassifier().setOptimizerOptions("momentum=x")
                .fit(TestSpark.frame(ok, 1))).hasMessageContaining("momentum");
        assertThatThrownBy(() -> new AdaGradClassifier().setOptimizer("lion"))
                .hasMessageContaining("optimizer");
        assertThatThrownBy(() -> new AdaGradClassifier().fit(TestSpark.frame(List.of(), 1)))
                .hasMessageContaining("empty");
        List<Row> weights = new ArrayList<>(ok);
        weights.set(2, RowFactory.create(1.0, Vectors.dense(1, 2, 3), -1.0));
        assertThatThrownBy(() -> new AdaGradClassifier().setWeightCol("weight")
                .fit(TestSpark.frameInOrder(TestSpark.local(), weights, 1))).hasMessageContaining("column 'weight'");
    }
}
