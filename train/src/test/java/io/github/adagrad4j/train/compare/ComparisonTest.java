package io.github.adagrad4j.train.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison engine, called as a library user would, without the command line. */
class ComparisonTest {
    @TempDir
    Path dir;

    @Test
    void onAFunctionEveryPathStartsAtOnePointAndTheVerdictNamesTheLowest() throws Exception {
        Path out = dir.resolve("rosen");
        Comparison.Result r = Comparison.onFunction(TestFunction.byName("rosenbrock"), null, 50,
                List.of("sgd:lr=1e-3", "adam:lr=0.05", "sgd:lr=1"), out);
        assertThat(r.lines()).hasSize(3);
        assertThat(r.verdict()).startsWith("Lowest final value: ").contains("Diverged: sgd:lr=1.");
        for (String f : r.files()) {
            assertThat(out.resolve(f)).exists();
        }
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        // The paths that stayed finite have every step; the diverged one stops where it left the numbers.
        assertThat(csv.stream().filter(l -> l.startsWith("adam:lr=0.05,"))).hasSize(51);
        assertThat(csv.stream().filter(l -> l.startsWith("sgd:lr=1,")).count()).isBetween(2L, 50L);
        // Every run's step 0 is the function's start.
        assertThat(csv.stream().filter(l -> l.matches("^[^,]+,0,.*")).map(l -> l.split(",", 3)[2]).distinct())
                .hasSize(1);
        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(out.resolve(Comparison.SUMMARY)));
        assertThat(summary.get("verdict")).isEqualTo(r.verdict());
        // Run again on its own folder: allowed; on a model folder: refused, naming the folder.
        Comparison.onFunction(TestFunction.byName("rosenbrock"), new double[] {0, 0}, 10, List.of("adam"), out);
        Path model = Files.createDirectories(dir.resolve("model"));
        Files.writeString(model.resolve("model.json"), "{}");
        assertThatThrownBy(() -> Comparison.onFunction(TestFunction.byName("beale"), null, 5, List.of("adam"), model))
                .isInstanceOfSatisfying(ParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("output");
                    assertThat(e.problem()).contains("holds another command's results (model.json)");
                });
    }

    @Test
    void settingsThatCannotBeUsedAreRefusedByName() {
        assertThatThrownBy(() -> Comparison.rules(List.of("adam", "adam")))
                .isInstanceOfSatisfying(ParameterException.class, e -> assertThat(e.parameter()).isEqualTo("optimizers"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Comparison.rules(List.of("adagard")))
                .isInstanceOfSatisfying(ParameterException.class, e -> assertThat(e.value()).isEqualTo("adagard"));
        assertThatThrownBy(() -> Comparison.onFunction(TestFunction.byName("beale"), new double[] {1, Double.NaN}, 5,
                List.of("adam"), dir.resolve("x"))).isInstanceOfSatisfying(ParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("start"));
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void onADataSetEveryRunIsAModelFolderFromTheSameInitialWeights() throws Exception {
        TrainingConfig base = TrainingConfig.builder().data("digits").model("mlp:8").epochs(2).trainLimit(300)
                .seed(3).build();
        StringWriter progress = new StringWriter();
        Path out = dir.resolve("digits");
        Comparison.Result r = Comparison.onData(base, List.of("sgd:lr=0.1", "adagrad:lr=0.1"), 2, out, "test",
                new PrintWriter(progress, true));
        assertThat(progress.toString()).contains("sgd:lr=0.1", "adagrad:lr=0.1", "epoch 2/2");
        assertThat(r.verdict()).startsWith("Best final val_accuracy: ");
        Map<?, ?> summary = (Map<?, ?>) Json.parse(Files.readString(out.resolve(Comparison.SUMMARY)));
        List<?> runs = (List<?>) summary.get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.stream().map(x -> ((Map<?, ?>) x).get("initial_weights_crc32")).distinct()).hasSize(1);
        for (String slug : List.of("sgd_lr=0.1", "adagrad_lr=0.1")) {
            assertThat(out.resolve("runs").resolve(slug).resolve("model.json")).exists();
            assertThat(out.resolve("runs").resolve(slug).resolve("chart.png")).exists();
        }
        for (String f : List.of("report.html", "results.csv", "loss.png", "val_accuracy-by-epoch.png")) {
            assertThat(out.resolve(f)).exists();
        }
    }
}
