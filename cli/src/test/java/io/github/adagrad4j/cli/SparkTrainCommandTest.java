package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spark-train} end to end on an embedded Spark, as a user runs it. */
class SparkTrainCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** A LIBSVM file with -1/+1 labels, as such files often have: y = sign(x1 - x3). */
    private Path svm() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double a = r.nextDouble(-1, 1);
            double b = r.nextDouble(-1, 1);
            lines.add((a - b > 0 ? "+1" : "-1") + " 1:" + a + " 3:" + b + " 7:" + r.nextDouble());
        }
        Path f = dir.resolve("small.svm");
        Files.write(f, lines);
        return f;
    }

    /** The rows spark-train holds out of small.svm: train's split of the same file, row for row. */
    private Path heldOut() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("small.svm"));
        List<String> held = new ArrayList<>();
        for (int r : io.github.adagrad4j.data.SklearnSplit.indices(lines.size(), 0.2, 42).test()) {
            held.add(lines.get(r));
        }
        Path heldOut = dir.resolve("held-out.svm");
        Files.write(heldOut, held);
        return heldOut;
    }

    @Test
    void trainsALibsvmFileAndPrintsTheTestLineAndWritesTheModel() throws Exception {
        Path out = dir.resolve("run");
        CliRun o = run("spark-train", "--master", "local[2]", "--data", svm().toString(), "--optimizer", "adagrad",
                "--lr", "0.5", "--epochs", "10", "--batch-size", "16", "--output", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String test = o.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow();
        assertThat(test).contains("accuracy").contains("log_loss").contains("auc");
        assertThat(o.out()).contains("epoch 1/10  loss").contains("epoch 10/10  loss");
        assertThat(Double.parseDouble(test.replaceAll(".*accuracy ([0-9.]+).*", "$1"))).isGreaterThan(0.9);
        assertThat(out.resolve("spark").resolve("stages")).isDirectory();
        assertThat(Files.readAllLines(out.resolve("history.csv"))).hasSize(11).startsWith("epoch,loss");
        // Spark's own log lines went to the output folder's spark.log, not to the terminal.
        assertThat(Files.readString(out.resolve("spark.log"))).contains("INFO SparkContext: Running Spark version");
        // An ordinary model folder: evaluate on the rows spark-train held out (train's split of the same file,
        // row for row) finds the accuracy spark-train printed.
        Path heldOut = heldOut();
        CliRun e = run("evaluate", "--model", out.toString(), "--data", heldOut.toString());
        assertThat(e.code()).as(e.err()).isZero();
        String accuracy = test.replaceAll(".*accuracy ([0-9.]+).*", "$1");
        assertThat(e.out()).containsPattern("accuracy\\s+" + accuracy.replace(".", "\\."));
        assertThat(e.out()).containsPattern("rows\\s+80");
        CliRun p = run("predict", "--model", out.toString(), "--data", heldOut.toString());
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).startsWith("predicted,p_-1,p_1\n");
        assertThat(Files.readString(out.resolve("model.json"))).contains("\"trainer\": \"spark\"")
                .contains("\"kind\": \"sparse-linear\"");
    }

    @Test
    void badInputIsOneErrorLine() throws Exception {
        CliRun missing = run("spark-train", "--master", "local[2]", "--data", dir.resolve("nope.svm").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("nope.svm: file not found");
        CliRun option = run("spark-train", "--data", svm().toString(), "--optimizer", "sgd", "--l1", "0.1");
        assertThat(option.code()).isEqualTo(1);
        assertThat(option.err()).contains("option 'l1' does not apply to optimizer 'sgd'");
        CliRun schedule = run("spark-train", "--data", svm().toString(), "--schedule", "cosine:100");
        assertThat(schedule.err()).contains("not supported by spark-train");
        // train's options that a Spark run cannot honour: refused by name, before Spark starts.
        Map<String, List<String>> value = Map.of("--test-data", List.of("t.svm"), "--validation-data",
                List.of("v.svm"), "--text-columns", List.of("a"), "--seq-len", List.of("20"), "--early-stopping",
                List.of("2"), "--train-limit", List.of("10"), "--tensorboard", List.of("tb"));
        for (String flag : SparkTrainCommand.UNSUPPORTED) {
            List<String> args = new ArrayList<>(List.of("spark-train", "--data", svm().toString(), flag));
            args.addAll(value.get(flag));
            CliRun r = run(args.toArray(new String[0]));
            assertThat(r.code()).as(flag).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("error: " + flag + " does not apply to spark-train; leave it out");
        }
        assertThat(run("spark-train", "--data", svm().toString(), "--model", "cnn").err().strip())
                .isEqualTo("error: --model 'cnn': spark-train trains linear or mlp:H1[,H2...] (ReLU layers)");
        assertThat(run("spark-train", "--data", svm().toString(), "--model", "mlp:8", "--task", "regression").err())
                .contains("--model 'mlp:8': an MLP on Spark classifies; regression is linear");
        assertThat(run("spark-train", "--data", svm().toString(), "--model", "mlp:8", "--mode", "average").err())
                .contains("--mode average applies to linear models");
        // Spark refusing to start is one line too, its stack trace only with --verbose.
        CliRun start = run("spark-train", "--master", "local[0]", "--data", svm().toString(), "--output",
                dir.resolve("zero").toString());
        assertThat(start.code()).isEqualTo(3);
        assertThat(start.err().lines()).hasSize(1).first().asString()
                .startsWith("error: Asked to run locally with 0 threads");
    }

    @Test
    void anMlpTrainsOnSparkAndItsFolderPredictsAsSparkDid() throws Exception {
        Path out = dir.resolve("mlp");
        CliRun o = run("spark-train", "--master", "local[2]", "--data", svm().toString(), "--model", "mlp:8",
                "--optimizer", "adam", "--lr", "0.05", "--epochs", "5", "--batch-size", "16", "--output", out.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("mlp:8");
        String accuracy = o.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow()
                .replaceAll(".*accuracy ([0-9.]+).*", "$1");
        Path heldOut = heldOut();
        CliRun e = run("evaluate", "--model", out.toString(), "--data", heldOut.toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).containsPattern("accuracy\\s+" + accuracy.replace(".", "\\."));
        assertThat(Files.readString(out.resolve("model.json"))).contains("\"trainer\": \"spark\"")
                .contains("\"spec\": \"mlp:8\"");
    }

    @Test
    void trainsOnALocalClusterAsOnLocalThreads() throws Exception {
        // local-cluster: a master, two workers and two executor JVMs, which get our classes as spark-submit
        // would give them its jar. The fit depends on the data and its partitions, not on where tasks run.
        String[] args = {"--data", svm().toString(), "--optimizer", "adagrad", "--lr", "0.5", "--epochs", "3",
            "--batch-size", "16", "--partitions", "2"};
        CliRun local = run(concat(new String[] {"spark-train", "--master", "local[2]"}, args));
        CliRun cluster = run(concat(new String[] {"spark-train", "--master", "local-cluster[2,1,1024]"}, args));
        assertThat(cluster.code()).as(cluster.err()).isZero();
        assertThat(cluster.out()).contains("spark local-cluster[2,1,1024]");
        assertThat(testLine(cluster)).isEqualTo(testLine(local));
    }

    private static String testLine(CliRun r) {
        return r.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
