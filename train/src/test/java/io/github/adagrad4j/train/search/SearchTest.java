package io.github.adagrad4j.train.search;

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

/** The search engine, called as a library user would, without the command line. */
class SearchTest {
    @TempDir
    Path dir;

    private static final TrainingConfig BASE = TrainingConfig.builder().data("digits").model("mlp:8").epochs(2)
            .trainLimit(300).seed(5).build();

    @Test
    void aGridSearchScoresEveryPointAndTrainsTheBestAsAModelFolder() throws Exception {
        Search.Settings s = new Search.Settings("adagrad", "lr=choice(0.01,0.1),batch-size=choice(16,64)", "grid", 10,
                2, 0, 0.2, false, 2);
        StringWriter progress = new StringWriter();
        Path out = dir.resolve("grid");
        Search.Result r = Search.run(BASE, s, out, null, new PrintWriter(progress, true));
        List<String> trials = Files.readAllLines(out.resolve("trials.csv"));
        assertThat(trials).hasSize(1 + 4);
        assertThat(trials.subList(1, 5)).allMatch(l -> l.contains(",complete,"));
        assertThat(progress.toString().lines().filter(l -> l.startsWith("trial"))).hasSize(4);
        assertThat(r.summary()).startsWith("best of 4 trials (0 pruned)");
        assertThat(out.resolve("best").resolve("model.json")).exists();
        // best.json is a configuration: it reads back, with the best trial's rule options and no output folder.
        TrainingConfig best = TrainingConfig.fromJson((Map<?, ?>) Json.parse(Files.readString(out.resolve("best.json"))));
        assertThat(best.optimizer()).isEqualTo("adagrad");
        assertThat(best.optimizerOptions()).containsKey("lr");
        assertThat(best.output()).isNull();
        assertThat(out.resolve("trials")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(),
                p -> assertThat(p).isEmptyDirectory());
        // The same search on the same folder finds every trial done.
        StringWriter again = new StringWriter();
        Search.run(BASE, s, out, null, new PrintWriter(again, true));
        assertThat(again.toString()).contains("resuming: 4 of 4 trials already finished");
    }

    @Test
    void settingsThatCannotBeUsedAreRefusedByNameBeforeAnyTrial() {
        Path out = dir.resolve("bad");
        assertThatThrownBy(() -> Search.run(BASE, new Search.Settings("adagrad", "lr=choice(0.1)", "sobol", 3, 2, 0,
                0.2, true, 1), out, null, new PrintWriter(new StringWriter())))
                .isInstanceOfSatisfying(ParameterException.class, e -> assertThat(e.parameter()).isEqualTo("strategy"));
        assertThatThrownBy(() -> Search.run(BASE, new Search.Settings("adagrad", "lr=choice(0.1)", "random", 3, 2, 1,
                0.2, true, 1), out, null, new PrintWriter(new StringWriter())))
                .isInstanceOfSatisfying(ParameterException.class, e -> assertThat(e.parameter()).isEqualTo("folds"));
        assertThatThrownBy(() -> Search.run(BASE, new Search.Settings("adagrad", "lr=choice(-1,0.1)", "grid", 3, 2, 0,
                0.2, true, 1), out, null, new PrintWriter(new StringWriter())))
                .isInstanceOfSatisfying(ParameterException.class, e -> assertThat(e.parameter()).isEqualTo("space"))
                .hasMessageContaining("lr");
        assertThat(out).doesNotExist();
    }
}
