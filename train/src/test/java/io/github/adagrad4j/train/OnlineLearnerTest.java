package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.data.stream.ExampleStream;
import io.github.adagrad4j.data.stream.FeatureHashing;
import io.github.adagrad4j.data.stream.StreamFormat;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Ftrl;
import io.github.adagrad4j.optim.Kalman;
import io.github.adagrad4j.optim.Sgd;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.io.SafeTensors;
import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream learner end to end on files: it learns a known logistic model to within its loss,
 * continues from a saved folder bit for bit, repeats itself exactly whatever the parse thread's
 * timing, makes folders predict reads, runs passes with a holdout, and refuses what it cannot learn.
 */
class OnlineLearnerTest {
    @TempDir
    Path dir;

    /**
     * A click-like stream from a known logistic model: a user namespace (one of 200 ids), an ad
     * namespace (one of 50), a valued feature and a user x ad effect; returns the true average
     * log-loss of the lines written.
     */
    private static double writeStream(Path file, int lines, long seed, boolean zeroOne) throws IOException {
        Random model = new Random(99);
        double[] user = new double[200];
        double[] ad = new double[50];
        double[] pair = new double[200 * 50];
        for (int i = 0; i < user.length; i++) {
            user[i] = model.nextGaussian() * 0.8;
        }
        for (int i = 0; i < ad.length; i++) {
            ad[i] = model.nextGaussian() * 0.8;
        }
        for (int i = 0; i < pair.length; i++) {
            pair[i] = model.nextGaussian() * 0.3;
        }
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder();
        double loss = 0;
        for (int n = 0; n < lines; n++) {
            int u = (int) Math.min(199, Math.floor(Math.pow(r.nextDouble(), 2) * 200));
            int a = r.nextInt(50);
            double x = r.nextDouble() * 2;
            double logit = -0.5 + user[u] + ad[a] + 0.7 * x + pair[u * 50 + a];
            double p = 1 / (1 + Math.exp(-logit));
            boolean click = r.nextDouble() < p;
            loss -= click ? Math.log(p) : Math.log(1 - p);
            b.append(click ? "1" : zeroOne ? "0" : "-1").append(" 'r").append(n).append("|user id").append(u)
                    .append(" |ad ad").append(a).append(" depth:").append((float) x).append('\n');
        }
        Files.writeString(file, b.toString());
        return loss / lines;
    }

    private OnlineLearner.Builder learner(Path data, Path out, UpdateRule rule) {
        return OnlineLearner.builder().data(data.toString()).options(new ExampleStream.Options(StreamFormat.VW, null,
                List.of(), false, 64, 3)).hashing(FeatureHashing.builder().bits(18).interactions(List.of("ua")).build())
                .loss(OnlineLoss.LOGISTIC).rule(rule, Map.of()).output(out);
    }

    private static String run(OnlineLearner.Builder b) throws IOException {
        StringWriter s = new StringWriter();
        b.build().run(new PrintWriter(s, true));
        return s.toString();
    }

    private static Map<String, SafeTensors.Tensor> tensors(Path file) throws IOException {
        return SafeTensors.read(file).tensors();
    }

    @Test
    void onePassLearnsAKnownLogisticModelToWithinItsLossAndPrintsProgressiveValidation() throws IOException {
        Path data = dir.resolve("clicks.vw");
        double truth = writeStream(data, 200_000, 1, false);
        StringWriter s = new StringWriter();
        OnlineLearner.Result r = learner(data, dir.resolve("m"), new AdaGrad(0.1)).build().run(new PrintWriter(s, true));
        String out = s.toString();
        assertThat(r.examples()).isEqualTo(200_000);
        assertThat(r.averageLoss()).isLessThan(truth + 0.02).isGreaterThan(truth - 0.02);
        assertThat(out).contains("average    since", "finished run", "number of examples = 200000",
                "weighted example sum = 200000.0", "total feature number = " + r.features(), "examples/s (");
        // A line at examples 1, 2, 4, ..., 131072.
        assertThat(out.lines().filter(l -> l.matches("^[0-9.]+ +[0-9.]+ +[0-9]+ .*")).count()).isEqualTo(18);
        // 3 features, the constant, and user x ad crosses the user id with both ad features.
        assertThat(r.features()).isEqualTo(200_000L * 6);
        ModelDescription d = ModelFolder.read(dir.resolve("m"));
        assertThat(d.classes()).containsExactly("-1", "1");
        assertThat(d.input()).containsEntry("kind", "hashed-features");
        assertThat((Double) d.metrics().get("progressive_log_loss")).isEqualTo(r.averageLoss());
    }

    /**
     * The filter weighs each example by the loss's curvature and learns a weight at the rate of its
     * uncertainty: it learns the click stream to within its loss, its state is checkpointed, and its
     * folder predicts like any other.
     */
    @Test
    void theKalmanFilterLearnsTheClickStreamToWithinItsLoss() throws IOException {
        Path data = dir.resolve("k.vw");
        double truth = writeStream(data, 100_000, 9, false);
        OnlineLearner.Result ada = learner(data, dir.resolve("ada"), new AdaGrad(0.1)).build()
                .run(new PrintWriter(new StringWriter()));
        StringWriter s = new StringWriter();
        OnlineLearner.Result k = learner(data, dir.resolve("k"), Kalman.builder().build()).build()
                .run(new PrintWriter(s, true));
        // Here, with three features and a cross per example, as good as AdaGrad (the click-log benchmark,
        // 40 features and a long tail of ids, is where it gains: BENCHMARKS.md section 11).
        assertThat(k.averageLoss()).isLessThan(truth + 0.02).isGreaterThan(truth - 0.02)
                .isCloseTo(ada.averageLoss(), org.assertj.core.data.Offset.offset(0.002));
        assertThat(s.toString()).contains("Kalman(lr=1.0, prior_variance=0.25)");
        ModelDescription d = ModelFolder.read(dir.resolve("k"));
        assertThat(d.training()).containsEntry("rule", "kalman");
        assertThat(tensors(dir.resolve("k").resolve(OnlineLearner.CHECKPOINT_FILE))).containsKey("state/weight/variance");
        TrainedModel m = TrainedModel.load(dir.resolve("k"));
        TrainedModel.Prediction p = m.predictText("|user id3 |ad ad7 depth:1.5");
        assertThat(p.probabilities()[0] + p.probabilities()[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(p.label()).isIn("-1", "1");
    }

    @Test
    void learningTwoHalvesInTwoRunsGivesTheBitsOfOneRun() throws IOException {
        Path all = dir.resolve("all.vw");
        writeStream(all, 30_000, 2, false);
        List<String> lines = Files.readAllLines(all);
        Path first = dir.resolve("first.vw");
        Path second = dir.resolve("second.vw");
        Files.write(first, lines.subList(0, 12_345));
        Files.write(second, lines.subList(12_345, lines.size()));
        List<Supplier<UpdateRule>> rules = List.of(() -> new AdaGrad(0.1),
                () -> Ftrl.builder().alpha(0.1).l1(0.5).l2(1).build(), () -> Sgd.builder().lr(0.5).build(),
                () -> Kalman.builder().priorVariance(0.5).build());
        for (Supplier<UpdateRule> rule : rules) {
            String name = rule.get().name();
            Path one = dir.resolve(name + "-one");
            Path half = dir.resolve(name + "-half");
            Path whole = dir.resolve(name + "-whole");
            run(learner(all, one, rule.get()).schedule(LrSchedule.inversePower(0.5), "inverse-power:0.5"));
            run(learner(first, half, rule.get()).schedule(LrSchedule.inversePower(0.5), "inverse-power:0.5"));
            String out = run(learner(second, whole, rule.get()).initialModel(half)
                    .schedule(LrSchedule.inversePower(0.5), "inverse-power:0.5").hashing(null).loss(null));
            assertThat(out).contains("continuing " + half + " after 12345 examples", "number of examples = 30000");
            Map<String, SafeTensors.Tensor> a = tensors(one.resolve(OnlineLearner.CHECKPOINT_FILE));
            Map<String, SafeTensors.Tensor> b = tensors(whole.resolve(OnlineLearner.CHECKPOINT_FILE));
            assertThat(b.keySet()).isEqualTo(a.keySet());
            for (String k : a.keySet()) {
                assertThat(b.get(k).data()).as(name + " " + k).isEqualTo(a.get(k).data());
            }
            assertThat(Files.readAllBytes(whole.resolve(ModelFolder.WEIGHTS_FILE)))
                    .isEqualTo(Files.readAllBytes(one.resolve(ModelFolder.WEIGHTS_FILE)));
            assertThat(ModelFolder.read(whole).metrics().get("progressive_log_loss"))
                    .isEqualTo(ModelFolder.read(one).metrics().get("progressive_log_loss"));
        }
        // Other options than the saved model's are refused, naming what differs.
        assertThatThrownBy(() -> run(learner(second, dir.resolve("x"), new AdaGrad(0.2)).initialModel(dir.resolve(
                "adagrad-half")).hashing(null))).isInstanceOf(ParameterException.class).hasMessageContaining("\"lr\":0.1");
        assertThatThrownBy(() -> run(learner(second, dir.resolve("y"), new AdaGrad(0.1)).initialModel(dir.resolve(
                "adagrad-half")).hashing(FeatureHashing.builder().bits(19).build())))
                .isInstanceOf(ParameterException.class).hasMessageContaining("was learned with");
    }

    @Test
    void aRunRepeatsItselfBitForBitWhateverTheBlockSizeAndTheParseThreadsTiming() throws IOException {
        Path data = dir.resolve("d.vw");
        writeStream(data, 20_000, 3, false);
        byte[] first = null;
        for (int block : new int[] {1, 7, 2048}) {
            Path out = dir.resolve("b" + block);
            run(learner(data, out, Ftrl.builder().alpha(0.2).l1(1).build()).options(new ExampleStream.Options(
                    StreamFormat.VW, null, List.of(), false, block, block == 1 ? 1 : 8)));
            byte[] w = Files.readAllBytes(out.resolve(ModelFolder.WEIGHTS_FILE));
            if (first == null) {
                first = w;
            } else {
                assertThat(w).as("block " + block).isEqualTo(first);
            }
        }
    }

    @Test
    void theFolderPredictsAsTheLearnedWeightsSayAndL1KeepsExactZeros() throws IOException {
        Path data = dir.resolve("z.vw");
        writeStream(data, 20_000, 4, true);
        Path out = dir.resolve("ftrl");
        run(learner(data, out, Ftrl.builder().alpha(0.2).l1(5).build()));
        ModelDescription d = ModelFolder.read(out);
        assertThat(d.classes()).containsExactly("0", "1");
        float[] w = tensors(out.resolve(ModelFolder.WEIGHTS_FILE)).get("weight").data();
        long zeros = 0;
        for (float v : w) {
            zeros += v == 0f ? 1 : 0;
        }
        // Far more zeros than the untouched buckets alone: L1 zeroed touched ones.
        int touched = 200 + 50 + 1 + 1 + 200 * 50;
        assertThat(zeros).isGreaterThan(w.length - touched + 100);

        TrainedModel m = TrainedModel.load(out);
        Path few = dir.resolve("few.vw");
        Files.writeString(few, "1 'a|user id3 |ad ad7 depth:1.5\n0 'b|user id150 |ad ad1 depth:0.25\n");
        FeatureHashing h = FeatureHashing.builder().bits(18).interactions(List.of("ua")).build();
        List<float[]> probabilities = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        m.score(few.toString(), true, null, batch -> {
            for (int i = 0; i < batch.count(); i++) {
                probabilities.add(new float[] {batch.outputs()[2 * i], batch.outputs()[2 * i + 1]});
                ids.add(batch.ids()[i]);
            }
            assertThat(batch.labels()).containsExactly(1f, 0f);
        });
        assertThat(ids).containsExactly("a", "b");
        int nu = FeatureHashing.namespaceHash("user");
        int na = FeatureHashing.namespaceHash("ad");
        int u = FeatureHashing.featureHash("id3", nu);
        int a = FeatureHashing.featureHash("ad7", na);
        int depth = FeatureHashing.featureHash("depth", na);
        double logit = w[h.bucket(u)] + w[h.bucket(a)] + 1.5 * w[h.bucket(depth)] + w[h.bucket(FeatureHashing.CONSTANT)]
                + w[h.bucket(u * FeatureHashing.FNV_PRIME ^ a)] + 1.5 * w[h.bucket(u * FeatureHashing.FNV_PRIME ^ depth)];
        assertThat((double) probabilities.get(0)[1]).isCloseTo(1 / (1 + Math.exp(-logit)),
                org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void passesHoldOutEveryNthExampleAndStopEarlyWithoutImprovement() throws IOException {
        Path data = dir.resolve("p.vw");
        writeStream(data, 5_000, 5, false);
        Path cache = dir.resolve("p.cache");
        String out = run(learner(data, dir.resolve("p"), new AdaGrad(0.5)).passes(30).holdoutPeriod(5)
                .earlyTerminate(2).cache(cache));
        assertThat(out).contains("pass 1: holdout loss", "pass 2: holdout loss", "(no better)", "stopping: 2 passes "
                + "without a better holdout loss", "average loss = ").containsPattern("average loss = [0-9.]+ h");
        assertThat(out).doesNotContain("pass 30:");
        assertThat(cache).exists();
        // Pass 1 learned 4 of every 5 examples.
        assertThat(out).contains("number of examples = 4000");
        assertThat(ModelFolder.read(dir.resolve("p")).metrics()).containsKey("holdout_loss");
    }

    @Test
    void squaredLossLearnsARegressionAndHingeAClassifier() throws IOException {
        Random r = new Random(6);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            double x = r.nextDouble();
            double z = r.nextDouble();
            b.append(String.format(java.util.Locale.ROOT, "%.5f |f x:%.5f z:%.5f%n", 3 * x - 2 * z + 1, x, z));
        }
        Path data = dir.resolve("reg.vw");
        Files.writeString(data, b.toString());
        Path out = dir.resolve("reg");
        OnlineLearner.Result res = learner(data, out, new AdaGrad(0.5)).loss(OnlineLoss.SQUARED)
                .hashing(FeatureHashing.builder().bits(10).build()).build().run(new PrintWriter(new StringWriter()));
        assertThat(res.averageLoss()).isLessThan(0.01);
        ModelDescription d = ModelFolder.read(out);
        assertThat(d.task()).isEqualTo(ModelDescription.Task.REGRESSION);
        // Lines as the model reads them: the intercept alone (a line without features), then one with both.
        TrainedModel m = TrainedModel.load(out);
        assertThat(m.inputShape()).isEqualTo(TrainedModel.InputShape.TEXTS);
        assertThat(m.predictText("|f").value()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(m.predictText("7 |f x:0.5 z:0.25").value()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        assertThatThrownBy(() -> m.texts(List.of("|f x:1", "|f x:oops"))).isInstanceOf(InputException.class)
                .hasMessageContaining("feature 'x' has value 'oops'").satisfies(e -> {
                    assertThat(((InputException) e).row()).isEqualTo(1);
                    assertThat(((InputException) e).column()).isEqualTo("column 6");
                });

        // The filter on the squared loss is a Kalman filter of the linear model (curvature 2: noise variance 1/2),
        // diagonal: with the same three features in every example, correlated, it learns slower than AdaGrad here
        // (its variances shrink as if the features were independent; its prior, 0.25, is also far from weights of
        // 3 and -2), but it learns the same line.
        OnlineLearner.Result filtered = learner(data, dir.resolve("reg-kalman"), Kalman.builder().build())
                .loss(OnlineLoss.SQUARED).hashing(FeatureHashing.builder().bits(10).build()).build()
                .run(new PrintWriter(new StringWriter()));
        assertThat(filtered.averageLoss()).isLessThan(0.03);
        assertThat(TrainedModel.load(dir.resolve("reg-kalman")).predictText("7 |f x:0.5 z:0.25").value())
                .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.1));

        Path clicks = dir.resolve("h.vw");
        writeStream(clicks, 50_000, 7, false);
        OnlineLearner.Result h = learner(clicks, dir.resolve("hinge"), new AdaGrad(0.1)).loss(OnlineLoss.HINGE).build()
                .run(new PrintWriter(new StringWriter()));
        assertThat(h.averageLoss()).isLessThan(0.9);
        assertThatThrownBy(() -> run(learner(clicks, dir.resolve("hinge-kalman"), Kalman.builder().build())
                .loss(OnlineLoss.HINGE))).isInstanceOf(ParameterException.class).hasMessageContaining(
                        "kalman weighs each example by the loss's curvature, and the hinge loss has none");
        assertThat(dir.resolve("hinge-kalman")).doesNotExist();
    }

    @Test
    void badLabelsAndLinesStopTheRunNamingTheLineAndSaveOnlyWhenAsked() throws IOException {
        Path mixed = dir.resolve("mixed.vw");
        Files.writeString(mixed, "1 |a x\n0 |a y\n-1 |a z\n");
        assertThatThrownBy(() -> run(learner(mixed, dir.resolve("m1"), new AdaGrad(0.1))))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("mixed.vw line 3: label -1 after labels 0 and 1");
        Path two = dir.resolve("two.vw");
        Files.writeString(two, "1 |a x\n2 |a y\n");
        assertThatThrownBy(() -> run(learner(two, dir.resolve("m2"), new AdaGrad(0.1))))
                .hasMessageContaining("two.vw line 2: label 2.0: a logistic stream's labels are 0 or 1 (or -1 or 1)");
        Path unlabeled = dir.resolve("u.vw");
        Files.writeString(unlabeled, "1 |a x\n|a y\n");
        assertThatThrownBy(() -> run(learner(unlabeled, dir.resolve("m3"), new AdaGrad(0.1))))
                .hasMessageContaining("u.vw line 2: has no label");

        Path bad = dir.resolve("bad.vw");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            b.append(i % 2 == 0 ? "1" : "-1").append(" |a x").append(i % 7).append('\n');
        }
        b.append("1 |a x:oops\n");
        Files.writeString(bad, b.toString());
        assertThatThrownBy(() -> run(learner(bad, dir.resolve("nosave"), new AdaGrad(0.1))))
                .hasMessageContaining("bad.vw line 1001: column 8: feature 'x' has value 'oops'");
        assertThat(dir.resolve("nosave").resolve(ModelFolder.WEIGHTS_FILE)).doesNotExist();
        String out = run(learner(bad, dir.resolve("skip"), new AdaGrad(0.1)).options(ExampleStream.Options.of(
                StreamFormat.VW).withSkipBadLines(true)));
        assertThat(out).contains("bad lines skipped = 1", "skipped: " + bad + " line 1001", "number of examples = 1000");
        assertThatThrownBy(() -> run(learner(bad, dir.resolve("saved"), new AdaGrad(0.1)).saveOnError(true)))
                .hasMessageContaining("line 1001");
        assertThat(ModelFolder.read(dir.resolve("saved")).training().get("note").toString())
                .contains("stopped by an error after 1000 examples");

        Path huge = dir.resolve("huge.vw");
        Files.writeString(huge, "1 10 |a x:3e38\n");
        assertThatThrownBy(() -> run(learner(huge, dir.resolve("m4"), new AdaGrad(0.1))))
                .hasMessageContaining("huge.vw line 1: cannot be learned from: gradient of parameter 'weight' is -Infinity");
        // A finite gradient whose square overflows the accumulator is refused the same way, the model untouched.
        Path big = dir.resolve("big.vw");
        Files.writeString(big, "1 |a y:1\n1 |a x:3e30\n");
        assertThatThrownBy(() -> run(learner(big, dir.resolve("m5"), new AdaGrad(0.1)).saveOnError(true)))
                .hasMessageContaining("big.vw line 2: cannot be learned from:").hasMessageContaining("would become Infinity");
        float[] sum = tensors(dir.resolve("m5").resolve(OnlineLearner.CHECKPOINT_FILE)).get("state/weight/sum").data();
        for (float v : sum) {
            assertThat(v).isFinite();
        }
    }

    @Test
    void saveEveryLeavesTheLastCheckpointWhenARunDiesAndItContinuesFromThere() throws IOException {
        Path data = dir.resolve("s.vw");
        writeStream(data, 3_000, 8, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        lines.add(2_500, "1 |user oops:x");
        Path broken = dir.resolve("broken.vw");
        Files.write(broken, lines);
        Path out = dir.resolve("s");
        assertThatThrownBy(() -> run(learner(broken, out, new AdaGrad(0.1)).saveEvery(1000)))
                .hasMessageContaining("line 2501");
        // Written at 1000 and 2000 examples; the error at 2500 saved nothing more.
        assertThat(ModelFolder.read(out).training().get("examples")).isEqualTo(2000L);
        assertThat(io.github.adagrad4j.optim.io.Checkpoint.metadata(out.resolve(OnlineLearner.CHECKPOINT_FILE)))
                .containsEntry("examples", "2000");
        Path rest = dir.resolve("rest.vw");
        Files.write(rest, lines.subList(2_000, 2_500));
        Path ended = dir.resolve("ended");
        run(learner(rest, ended, new AdaGrad(0.1)).initialModel(out).hashing(null));
        Path straight = dir.resolve("straight");
        Path first = dir.resolve("first2500.vw");
        Files.write(first, lines.subList(0, 2_500));
        run(learner(first, straight, new AdaGrad(0.1)));
        assertThat(Files.readAllBytes(ended.resolve(ModelFolder.WEIGHTS_FILE)))
                .isEqualTo(Files.readAllBytes(straight.resolve(ModelFolder.WEIGHTS_FILE)));
    }
}
