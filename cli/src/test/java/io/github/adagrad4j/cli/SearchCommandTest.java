package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCommandTest {
    static final String SPACE = "lr=loguniform(1e-3,1),initial-accumulator=choice(0,0.1)";

    @TempDir
    Path dir;

    private static CliRun search(Path out, int trials, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("search", "--data", "digits", "--model", "mlp:16",
                "--optimizer", "adagrad", "--space", SPACE, "--trials", Integer.toString(trials), "--epochs", "3",
                "--train-limit", "500", "--seed", "7", "--output", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(new String[0]));
    }

    /** trials.csv without the seconds column: what a seed must reproduce. */
    private static List<String> trials(Path out) throws IOException {
        return Files.readAllLines(out.resolve("trials.csv")).stream().map(l -> {
            String[] f = l.split(",", -1);
            f[f.length - 3] = "";
            return String.join(",", f);
        }).toList();
    }

    @Test
    void aSeedReproducesTheSearchWhateverTheParallelismAndPruningStopsTrials() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        CliRun one = search(a, 12, "--parallel", "1");
        assertThat(one.code()).as(one.err()).isZero();
        CliRun two = search(b, 12, "--parallel", "2");
        assertThat(two.code()).as(two.err()).isZero();
        assertThat(trials(b)).isEqualTo(trials(a));
        List<String> rows = trials(a).subList(1, 13);
        // Pruned trials stopped before the last epoch; the first five never are (the median needs five others).
        assertThat(rows).anyMatch(r -> r.contains(",pruned,"));
        for (String r : rows) {
            String[] f = r.split(",", -1);
            int steps = Integer.parseInt(f[5]);
            if (f[3].equals("pruned")) {
                assertThat(steps).isLessThan(3);
                assertThat(Integer.parseInt(f[0])).isGreaterThanOrEqualTo(5);
            } else {
                assertThat(f[3]).isEqualTo("complete");
                assertThat(steps).isEqualTo(3);
            }
        }
        assertThat(one.out()).contains("best of 12 trials");
        assertThat(a.resolve("best").resolve("model.json")).exists();
        // best.json is a train configuration that reproduces the best model's test figures.
        CliRun train = CliRun.of("train", "--config", a.resolve("best.json").toString(), "--train-limit", "500",
                "--output", dir.resolve("again").toString());
        assertThat(train.code()).as(train.err()).isZero();
        String testLine = train.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow();
        String accuracy = testLine.replaceAll(".*accuracy (\\S+).*", "$1");
        assertThat(one.out()).contains("accuracy " + accuracy);
    }

    @Test
    void rerunningSkipsFinishedTrials() throws IOException {
        Path out = dir.resolve("r");
        assertThat(search(out, 6).code()).isZero();
        List<String> first = trials(out);
        CliRun more = search(out, 8);
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(more.out()).contains("resuming: 6 of 8 trials already finished");
        assertThat(more.out().lines().filter(l -> l.startsWith("trial ")).count()).isEqualTo(2);
        assertThat(trials(out).subList(0, 7)).isEqualTo(first);
        assertThat(trials(out)).hasSize(9);
        // Other settings on the same folder are refused.
        assertOneLine(search(out, 8, "--folds", "3"), "holds a search with other settings");
    }

    @Test
    void foldsScoreByCrossValidation() throws IOException {
        Path out = dir.resolve("k");
        CliRun r = search(out, 3, "--folds", "3", "--strategy", "grid", "--grid-points", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(trials(out)).hasSize(4);
        assertThat(Files.readString(out.resolve("report.html"))).contains("3-fold cross-validation");
    }

    @Test
    void badSpacesAreOneErrorLine() throws IOException {
        assertOneLine(CliRun.of("search", "--data", "digits", "--space", "momentum=choice(0,0.9)"),
                "--space 'momentum': unknown hyperparameter", "lr, weight-decay", "batch-size");
        assertOneLine(CliRun.of("search", "--data", "digits", "--space", " "), "--space '': is empty");
        assertOneLine(CliRun.of("search", "--data", "digits", "--space", "lr=loguniform(1,0.1)"), "low 1 > high 0.1");
        assertOneLine(CliRun.of("search", "--data", "digits", "--space", "lr=normal(0,1)"), "unknown distribution 'normal'");
        assertOneLine(CliRun.of("search", "--data", "digits", "--optimizer", "lion", "--space", "lr=uniform(0,1)"),
                "unknown optimizer 'lion'");
        Path cmp = dir.resolve("cmp");
        assertThat(CliRun.of("compare", "--function", "beale", "--optimizers", "adam", "--output", cmp.toString())
                .code()).isZero();
        assertOneLine(CliRun.of("search", "--data", "digits", "--space", "lr=uniform(0.1,1)", "--output",
                cmp.toString()), "holds another command's results");
    }

    private static void assertOneLine(CliRun r, String... parts) {
        assertThat(r.code()).as(r.out()).isNotZero();
        assertThat(r.err()).startsWith("error: ").doesNotContain("\tat ");
        for (String p : parts) {
            assertThat(r.err()).contains(p);
        }
    }
}
