package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void runningOutOfMemoryIsOneLineSayingHowToGiveTheJvmMore() throws IOException, InterruptedException {
        Path data = dir.resolve("tiny.vw");
        Files.writeString(data, "1 |a x\n-1 |a y\n");
        // A 2^26-weight table (256 MB a slot) in a 64 MB heap: the allocation itself fails, at once.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "learn", "--data", data.toString(),
                "--bits", "26", "--output", dir.resolve("model").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isEqualTo(3);
        assertThat(out.lines().filter(l -> l.startsWith("error: "))).as(out).singleElement().asString()
                .contains("out of memory (Java heap space; this JVM's heap may grow to")
                .contains("JAVA_OPTS=-Xmx<size>").endsWith("--verbose shows the stack trace");
        assertThat(out).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void demoTrainsDigitsToAtLeast95PercentAndWritesItsFiles() {
        Path output = dir.resolve("demo");
        CliRun o = run("demo", "--output", output.toString());
        assertThat(o.code()).as(o.err()).isZero();
        String testLine = o.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(testLine.replaceAll(".*accuracy ([0-9.]+).*", "$1"));
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
        assertThat(output.resolve("checkpoint.safetensors")).exists();
        assertThat(output.resolve("chart.png")).exists();
        assertThat(output.resolve("history.csv")).exists();
        assertThat(o.out()).contains("epoch 20/20");
    }

    @Test
    void bostonRegressionAndResume() throws IOException {
        Path output = dir.resolve("boston");
        CliRun first = run("train", "--data", "boston", "--model", "mlp:32", "--optimizer", "adam", "--lr", "0.01",
                "--epochs", "3", "--batch-size", "16", "--output", output.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("rmse").contains("r2");
        CliRun more = run("train", "--data", "boston", "--model", "mlp:32", "--optimizer", "adam", "--lr", "0.01",
                "--epochs", "5", "--batch-size", "16", "--output", output.toString(), "--resume");
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(more.out()).contains("resumed from").contains("epoch 4/5").doesNotContain("epoch 1/5");
        // The run's history keeps the first run's epochs and appends the resumed ones.
        List<String> history = Files.readAllLines(output.resolve("history.csv"));
        assertThat(history).hasSize(6);
        assertThat(history.subList(1, 6)).extracting(l -> l.substring(0, l.indexOf(',')))
                .containsExactly("1", "2", "3", "4", "5");
    }

    private static void assertOneLineError(CliRun o, int code, String... parts) {
        assertThat(o.code()).isEqualTo(code);
        assertThat(o.err()).startsWith("error: ").doesNotContain("\tat ").doesNotContain("Exception");
        for (String p : parts) {
            assertThat(o.err()).contains(p);
        }
    }

    @Test
    void everyCommandPrintsTheBuildsVersion() {
        // One version everywhere: the CLI's is the build's (cli/pom.xml filters version.properties).
        String version = run("--version").out().strip();
        assertThat(version).matches("adagrad4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(run("train", "--version").out().strip()).isEqualTo(version);
        assertThat(run("spark-train", "--version").out().strip()).isEqualTo(version);
    }

    @Test
    void helpListsEveryRuleTheRegistryBuilds() {
        assertThat(OptimizerOptionsMixin.RULES).isEqualTo(String.join(", ", io.github.adagrad4j.optim.Rules.NAMES));
    }

    @Test
    void userErrorsGiveOneClearMessageAndNonZeroExit() throws IOException {
        assertOneLineError(run("train", "--data", "digits", "--bogus"), 2, "unknown option '--bogus'");
        // A near miss is answered with the option or command meant.
        assertThat(run("train", "--data", "digits", "--optimiser", "adam").err()).startsWith("error: unknown option "
                + "'--optimiser'\ndid you mean: --optimizer?");
        assertThat(run("trian", "--data", "digits").err()).startsWith("error: unknown command 'trian'\ndid you mean: "
                + "train");
        assertOneLineError(run("train"), 2, "Missing required option: '--data");
        assertOneLineError(run("train", "--data", "digits", "--epochs", "many"), 2, "'many' is not an int");
        assertOneLineError(run("train", "--data", "digits", "--optimizer", "lion"), 1, "unknown optimizer 'lion'");
        assertOneLineError(run("train", "--data", "digits", "--optimizer", "adam", "--lr-decay", "0.1"), 1,
                "option 'lr-decay' does not apply to optimizer 'adam'", "adam takes lr, weight-decay");
        assertOneLineError(run("train", "--data", "digits", "--optimizer", "adagrad", "--l1", "0.1"), 1,
                "option 'l1' does not apply to optimizer 'adagrad'");
        assertOneLineError(run("train", "--data", "digits", "--lr", "-1"), 1, "lr must be > 0");
        assertOneLineError(run("train", "--data", "digits", "--model", "mlp:abc"), 1, "unknown model 'mlp:abc'");
        assertOneLineError(run("train", "--data", "boston", "--model", "cnn"), 1, "model 'cnn' needs single-channel images");
        assertOneLineError(run("train", "--data", "nope"), 1, "neither a built-in data set");
        assertOneLineError(run("train", "--data", "spam", "--model", "mlp:8"), 1, "--model 'mlp:8': spam holds texts");
        assertOneLineError(run("train", "--data", dir.resolve("missing.csv").toString()), 1, "missing.csv", "file not found");

        Path csv = dir.resolve("bad.csv");
        Files.write(csv, List.of("a,b,price", "1,2,3", "4,5"));
        assertOneLineError(run("train", "--data", csv.toString(), "--output", dir.resolve("o").toString()), 1,
                "bad.csv line 3: expected 3 columns, found 2");
        assertOneLineError(run("train", "--data", csv.toString(), "--label-column", "cost"), 1,
                "label column 'cost' not found");
        Path svm = dir.resolve("bad.svm");
        Files.write(svm, List.of("1 1:0.5", "0 2:x"));
        assertOneLineError(run("train", "--data", svm.toString()), 1, "bad.svm line 2: token 1: expected index:value");
        assertOneLineError(run("train", "--data", "digits", "--early-stopping", "3"), 1,
                "--early-stopping '3': early stopping needs a validation split or validation data");
    }

    @Test
    void helpOnEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"train", "--help"}, {"demo", "--help"}}) {
            CliRun o = run(args);
            assertThat(o.code()).isZero();
            assertThat(o.out()).contains("Usage:");
        }
        assertThat(run("train", "--help").out()).contains("--initial-accumulator").contains("--schedule");
    }

    @Test
    void sparseLinearOnALibsvmFileWithFtrl() throws IOException {
        Path svm = dir.resolve("blobs.svm");
        java.util.Random r = new java.util.Random(1);
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int label = i % 2;
            // Feature 1 or 2 carries the class; features 3..50 are noise.
            lines.add((label == 1 ? "+1" : "-1") + " " + (label == 1 ? "1" : "2") + ":1 " + (3 + r.nextInt(48)) + ":0.5");
        }
        Files.write(svm, lines);
        CliRun o = run("train", "--data", svm.toString(), "--model", "sparse-linear", "--optimizer", "ftrl", "--lr", "1",
                "--l1", "0.5", "--epochs", "3", "--output", dir.resolve("ftrl").toString());
        assertThat(o.code()).as(o.err()).isZero();
        String test = o.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow();
        assertThat(Double.parseDouble(test.replaceAll(".*accuracy ([0-9.]+).*", "$1"))).isGreaterThan(0.95);
        // L1 leaves the two informative features and drops most of the noise.
        long nonZero = Long.parseLong(test.replaceAll(".*non-zero weights ([0-9]+) .*", "$1"));
        assertThat(nonZero).isBetween(2L, 20L);
        assertThat(dir.resolve("ftrl/checkpoint.safetensors")).exists();
    }
}
