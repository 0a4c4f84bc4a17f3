package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.adagrad4j.optim.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path dir;

    private static Map<?, ?> summary(Path folder) throws IOException {
        return (Map<?, ?>) Json.parse(Files.readString(folder.resolve("compare.json")));
    }

    /** results.csv without the wall-clock column: what must not depend on how runs were scheduled. */
    private static List<String> figures(Path folder) throws IOException {
        return Files.readAllLines(folder.resolve("results.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void runsOnADataSetStartFromIdenticalWeightsAndDoNotDependOnParallelism() throws IOException {
        String[] common = {"compare", "--data", "digits", "--model", "mlp:16", "--epochs", "2", "--train-limit", "400",
            "--optimizers", "sgd:lr=0.1,momentum=0.9", "adam:lr=1e-3", "adagrad:lr=0.05"};
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CliRun one = CliRun.of(concat(common, "--parallel", "1", "--output", a.toString()));
        assertThat(one.code()).as(one.err()).isZero();
        CliRun two = CliRun.of(concat(common, "--parallel", "3", "--output", b.toString()));
        assertThat(two.code()).as(two.err()).isZero();
        List<?> runs = (List<?>) summary(a).get("runs");
        assertThat(runs).hasSize(3);
        assertThat(runs.stream().map(r -> ((Map<?, ?>) r).get("initial_weights_crc32")).distinct()).hasSize(1);
        assertThat(figures(b)).isEqualTo(figures(a));
        assertThat(figures(a).get(0)).startsWith("optimizer,epoch,loss,accuracy,val_loss,val_accuracy,lr");
        assertThat(figures(a)).hasSize(1 + 3 * 2);
        assertThat(one.out()).contains("Best final val_accuracy: ").contains("got there first");
        for (String f : List.of("report.html", "loss.png", "val_accuracy-by-epoch.png", "val_accuracy-by-time.png")) {
            assertThat(Files.size(a.resolve(f))).as(f).isGreaterThan(1000);
        }
        assertThat(a.resolve("runs").resolve("adam_lr=1e-3").resolve("model.json")).exists();
        assertThat(Files.readString(a.resolve("report.html"), StandardCharsets.UTF_8)).contains("<table>")
                .contains("data:image/png;base64,").doesNotContain("http://").doesNotContain("https://");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void functionsDrawEveryPathAndNameTheWinner() throws IOException {
        Path out = dir.resolve("f");
        CliRun r = CliRun.of("compare", "--function", "ellipse", "--steps", "300", "--optimizers", "sgd:lr=0.4",
                "adagrad:lr=1", "adam:lr=0.3", "sgd:lr=1.2", "sgd:lr=1.01", "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Lowest final value: ").contains("Every descending run got down to f = ")
                .contains("Ended above the start: sgd:lr=1.01").contains("Diverged: sgd:lr=1.2");
        assertThat(Files.readAllLines(out.resolve("results.csv")).get(0)).isEqualTo("optimizer,step,x,y,loss");
        assertThat(Files.size(out.resolve("trajectories.png"))).isGreaterThan(10_000);
        // A rerun into its own folder is fine; another command's folder is not.
        assertThat(CliRun.of("compare", "--function", "ellipse", "--optimizers", "adam", "--output", out.toString())
                .code()).isZero();
    }

    @Test
    void badInputIsOneErrorLine() throws IOException {
        assertOneLine(CliRun.of("compare", "--function", "sphere", "--optimizers", "adam"), "unknown function 'sphere'",
                "rosenbrock");
        assertOneLine(CliRun.of("compare", "--function", "beale", "--optimizers", "adam", "lion:lr=1"),
                "--optimizers 'lion:lr=1'", "unknown optimizer 'lion'");
        assertOneLine(CliRun.of("compare", "--function", "beale", "--optimizers", "adam:lr=0.1,momentum=0.9"),
                "--optimizers 'adam:lr=0.1,momentum=0.9'", "momentum");
        assertOneLine(CliRun.of("compare", "--optimizers", "adam"), "exactly one of --data", "--function");
        assertOneLine(CliRun.of("compare", "--function", "beale", "--start", "1", "--optimizers", "adam"),
                "--start '[1.0]': expected two finite numbers X,Y");
        Path model = dir.resolve("model");
        Files.createDirectories(model);
        Files.writeString(model.resolve("model.json"), "{}");
        assertOneLine(CliRun.of("compare", "--function", "beale", "--optimizers", "adam", "--output", model.toString()),
                "holds another command's results (model.json)");
    }

    private static void assertOneLine(CliRun r, String... parts) {
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
        for (String p : parts) {
            assertThat(r.err()).contains(p);
        }
    }

    @Test
    void trainReportShowsCurvesGradientNormsAndAdaGradsEffectiveRates() throws IOException {
        Path out = dir.resolve("t");
        CliRun r = CliRun.of("train", "--data", "digits", "--model", "mlp:8", "--epochs", "3", "--train-limit", "300",
                "--report", "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Finished: epoch 3").doesNotContain("http-equiv=\"refresh\"")
                .contains("mean grad norm").contains("effective learning rate of 0.weight")
                .contains("effective learning rate of 2.bias");
        CliRun adam = CliRun.of("train", "--data", "digits", "--model", "mlp:8", "--epochs", "1", "--train-limit", "300",
                "--optimizer", "adam", "--report", "--output", dir.resolve("adam").toString());
        assertThat(adam.code()).as(adam.err()).isZero();
        assertThat(Files.readString(dir.resolve("adam").resolve("report.html"))).contains("this run uses adam");
    }

    /** The report opens in a real browser with every picture decoded and no script error (needs Debian's chromium). */
    @Test
    void reportsPassTheChromiumCheck() throws Exception {
        assumeTrue(chromium(), "chromium is not installed (apt-get install chromium; .ci/run does)");
        Path out = dir.resolve("c");
        assertThat(CliRun.of("compare", "--function", "himmelblau", "--steps", "30", "--optimizers", "adam:lr=0.1",
                "adagrad:lr=0.5", "--output", out.toString()).code()).isZero();
        Path data = dir.resolve("d");
        assertThat(CliRun.of("compare", "--data", "digits", "--model", "mlp:8", "--epochs", "2", "--train-limit", "300",
                "--optimizers", "adam", "adagrad:lr=0.05", "--output", data.toString()).code()).isZero();
        Path search = dir.resolve("s");
        assertThat(CliRun.of("search", "--data", "digits", "--model", "mlp:8", "--epochs", "2", "--train-limit", "300",
                "--space", "lr=loguniform(0.01,0.5)", "--trials", "3", "--output", search.toString()).code()).isZero();
        Path train = dir.resolve("t");
        assertThat(CliRun.of("train", "--data", "digits", "--model", "mlp:8", "--epochs", "2", "--train-limit", "300",
                "--report", "--output", train.toString()).code()).isZero();
        Process p = new ProcessBuilder("../tools/report/check.sh", out.resolve("report.html").toString(),
                data.resolve("report.html").toString(), search.resolve("report.html").toString(),
                train.resolve("report.html").toString()).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        assertThat(text).contains("ok: ").contains("2 pictures decoded, no script errors");
        assertThat(text.lines().filter(l -> l.startsWith("ok: ")).count()).isEqualTo(4);
        // A report with a broken picture fails the check.
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, Files.readString(out.resolve("report.html")).replaceFirst("base64,iVBOR", "base64,xxxx"));
        Process q = new ProcessBuilder("../tools/report/check.sh", broken.toString()).redirectErrorStream(true).start();
        String failed = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor()).as(failed).isEqualTo(1);
        assertThat(failed).contains("FAILED");
    }

    private static boolean chromium() {
        for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(b))) {
                return true;
            }
        }
        return false;
    }
}
