package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code adagrad4j learn} as a user runs it: on the shipped click log, then predict and evaluate
 * on its folder; from stdin in a JVM of its own; with learn's defaults; and its option errors.
 */
class LearnCommandTest {
    private static final String CLICKS = "../examples/data/clicklog.vw.gz";
    private static final String CLICKS_TEST = "../examples/data/clicklog-test.vw.gz";

    @TempDir
    Path dir;

    @Test
    void learnThenEvaluateAndPredictOnItsFolder() throws IOException {
        Path out = dir.resolve("online");
        CliRun r = CliRun.of("learn", "--data", CLICKS, "--optimizer", "ftrl", "--l1", "1", "-q", "ab", "-q",
                "cf", "--output", out.toString(), "--predictions", dir.resolve("p.txt").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("learning " + CLICKS + " (vw): 20-bit table, logistic loss, Ftrl(",
                "interactions ab,cf", "average    since", "finished run", "number of examples = 5000",
                "weighted example sum = 5000.0", "average loss = 0.", "total feature number = ", "throughput = ",
                "wrote " + out);
        assertThat(Files.readAllLines(dir.resolve("p.txt"))).hasSize(5000).allMatch(l -> l.matches("0\\.[0-9]{6}"));
        CliRun e = CliRun.of("evaluate", "--model", out.toString(), "--data", CLICKS_TEST);
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("rows        1000", "log_loss", "roc_auc");
        CliRun p = CliRun.of("predict", "--model", out.toString(), "--data", CLICKS_TEST);
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out().lines().toList()).hasSize(1001).first().isEqualTo("predicted,p_-1,p_1");
        CliRun info = CliRun.of("info", "--model", out.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("hashed-features");
    }

    @Test
    void learnsFromStdinInAJvmOfItsOwn() throws IOException, InterruptedException {
        Path data = dir.resolve("in.vw");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            b.append(i % 3 == 0 ? "1" : "-1").append(" |f x").append(i % 3).append(" y:").append(i % 5).append('\n');
        }
        Files.writeString(data, b.toString());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "learn", "--data", "-",
                "--output", dir.resolve("stdin").toString(), "--quiet"));
        Process p = new ProcessBuilder(cmd).redirectInput(data.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("learning - (vw)", "number of examples = 2000").doesNotContain("average    since");
        // Separable by x: the loss ends far below log 2.
        double loss = Double.parseDouble(out.lines().filter(l -> l.startsWith("average loss = ")).findFirst().orElseThrow()
                .substring("average loss = ".length()).strip());
        assertThat(loss).isLessThan(0.2);
    }

    @Test
    void memoryIsBoundedByTheModelNotTheStream() throws IOException, InterruptedException {
        // Two million lines (about 90 MB of text) through stdin into a 48 MB heap: only the model and the
        // ring of blocks are held.
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "learn", "--data", "-",
                "--bits", "18", "-q", "ab", "--output", dir.resolve("long").toString(), "--quiet"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread writer = new Thread(() -> {
            try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(p.getOutputStream(),
                    java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
                java.util.SplittableRandom r = new java.util.SplittableRandom(1);
                for (int i = 0; i < 2_000_000; i++) {
                    int a = r.nextInt(1000);
                    w.write((a % 3 == 0 ? "1" : "-1") + " |a u" + a + " |b v" + r.nextInt(50) + " x:" + r.nextInt(9)
                            + " |c w" + r.nextInt(100_000) + "\n");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        writer.join();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("number of examples = 2000000");
    }

    @Test
    void continuingWithoutOptionsTakesTheSavedRuleAndScheduleAndEndsAtTheBitsOfOneRun() throws IOException {
        List<String> lines = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int i = 0; i < 4000; i++) {
            int a = r.nextInt(30);
            lines.add((a % 3 == 0 ? "1" : "-1") + " |a u" + a + " |b x:" + r.nextInt(5));
        }
        Path all = dir.resolve("all.vw");
        Path first = dir.resolve("first.vw");
        Path second = dir.resolve("second.vw");
        Files.write(all, lines);
        Files.write(first, lines.subList(0, 1500));
        Files.write(second, lines.subList(1500, 4000));
        String[] sgd = {"--optimizer", "sgd", "--lr", "0.3", "--power-t", "0.3", "-q", "ab", "--quiet"};
        List<String[]> runs = List.of(new String[] {"--data", all.toString(), "--output", dir.resolve("one").toString()},
                new String[] {"--data", first.toString(), "--output", dir.resolve("half").toString()});
        for (String[] run : runs) {
            List<String> args = new ArrayList<>(List.of("learn"));
            args.addAll(List.of(run));
            args.addAll(List.of(sgd));
            CliRun c = CliRun.of(args.toArray(new String[0]));
            assertThat(c.code()).as(c.err()).isZero();
        }
        CliRun rest = CliRun.of("learn", "--data", second.toString(), "-i", dir.resolve("half").toString(), "--output",
                dir.resolve("whole").toString(), "--quiet");
        assertThat(rest.code()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("Sgd(lr=0.3", "number of examples = 4000");
        assertThat(Files.readAllBytes(dir.resolve("whole").resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(dir.resolve("one").resolve("model.safetensors")));
        assertThat(Files.readString(dir.resolve("whole").resolve("model.json"))).contains("inverse-power:0.3");
    }

    @Test
    void theKalmanFilterLearnsWithItsPriorVarianceAndTrainRefusesIt() throws IOException {
        Path out = dir.resolve("kalman");
        CliRun r = CliRun.of("learn", "--data", CLICKS, "--optimizer", "kalman", "--prior-variance", "0.2", "-q", "ab",
                "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Kalman(lr=1.0, prior_variance=0.2)", "number of examples = 5000");
        CliRun e = CliRun.of("evaluate", "--model", out.toString(), "--data", CLICKS_TEST);
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("rows        1000", "log_loss");
        // Continuing without options takes the saved rule and its prior.
        CliRun more = CliRun.of("learn", "--data", CLICKS, "-i", out.toString(), "--output", dir.resolve("more").toString());
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(more.out()).contains("Kalman(lr=1.0, prior_variance=0.2)", "number of examples = 10000");

        CliRun wrong = CliRun.of("learn", "--data", CLICKS, "--output", dir.resolve("w").toString(), "--prior-variance",
                "0.2");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("option 'prior-variance' does not apply to optimizer 'adagrad'");
        CliRun train = CliRun.of("train", "--data", "digits", "--optimizer", "kalman", "--output",
                dir.resolve("t").toString());
        assertThat(train.code()).isEqualTo(1);
        assertThat(train.err()).contains("kalman", "learns from one example of a linear model at a time",
                "the stream learner (learn) takes it");
        assertThat(train.err().lines().count()).isEqualTo(1);
    }

    @Test
    void optionsLearnCannotUseAreErrorsNamingThem() {
        CliRun adam = CliRun.of("learn", "--data", CLICKS, "--output", dir.resolve("a").toString(), "--optimizer", "adam");
        assertThat(adam.code()).isEqualTo(2);
        assertThat(adam.err()).contains("--optimizer adam does not update only the coordinates an example touches",
                "adagrad, adagrad-rda, ftrl, kalman, proximal-adagrad, sgd");
        CliRun clip = CliRun.of("learn", "--data", CLICKS, "--output", dir.resolve("b").toString(), "--clip-norm", "1");
        assertThat(clip.code()).isEqualTo(2);
        assertThat(clip.err()).contains("--clip-norm");
        CliRun format = CliRun.of("learn", "--data", "../examples/data/churn.csv.txt", "--output",
                dir.resolve("c").toString());
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("give --format vw, libsvm, csv or tsv");
        CliRun momentum = CliRun.of("learn", "--data", CLICKS, "--output", dir.resolve("d").toString(), "--optimizer",
                "sgd", "--momentum", "0.9");
        assertThat(momentum.code()).isEqualTo(2);
        assertThat(momentum.err()).contains("learn's sgd has no momentum");
        CliRun bits = CliRun.of("learn", "--data", CLICKS, "--output", dir.resolve("e").toString(), "--bits", "31");
        // The library's check, worded with the flag (exit 1, as every library parameter error).
        assertThat(bits.code()).isEqualTo(1);
        assertThat(bits.err()).contains("error: --bits '31': a table of 2^bits weights takes 1 to 30 bits");
        CliRun missing = CliRun.of("learn", "--data", "no-such.vw", "--output", dir.resolve("f").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no-such.vw");
    }

    @Test
    void aCsvStreamWithTheDefaultsAndAnSgdSchedule() throws IOException {
        Path csv = dir.resolve("t.csv");
        StringBuilder b = new StringBuilder("label,colour,size\n");
        for (int i = 0; i < 3000; i++) {
            b.append(i % 2).append(',').append(i % 2 == 0 ? "red" : "blue").append(',').append(i % 7).append('\n');
        }
        Files.writeString(csv, b.toString());
        CliRun r = CliRun.of("learn", "--data", csv.toString(), "--optimizer", "sgd", "--output",
                dir.resolve("sgd").toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(csv)", "Sgd(lr=0.5", "number of examples = 3000");
        String json = Files.readString(dir.resolve("sgd").resolve("model.json"));
        assertThat(json).contains("\"schedule\": \"inverse-power:0.5\"", "\"classes\": [\"0\", \"1\"]");
    }
}
