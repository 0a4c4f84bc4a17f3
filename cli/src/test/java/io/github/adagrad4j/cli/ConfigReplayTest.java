package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every model folder records its settings; {@code train --config DIR/model.json} runs them again. */
class ConfigReplayTest {
    @TempDir
    Path dir;

    private static String testLine(CliRun r) {
        return r.out().lines().filter(l -> l.startsWith("test:")).findFirst().orElseThrow(() ->
                new AssertionError(r.out() + r.err()));
    }

    @Test
    void aFoldersModelJsonRunsTheSameTrainingAgain() throws Exception {
        Path first = dir.resolve("first");
        CliRun a = CliRun.of("train", "--data", "digits", "--model", "mlp:16", "--epochs", "3", "--optimizer", "sgd",
                "--lr", "0.1", "--momentum", "0.9", "--schedule", "cosine:100", "--clip-norm", "5", "--no-standardize",
                "--seed", "3", "--output", first.toString());
        assertThat(a.code()).as(a.err()).isZero();
        String json = Files.readString(first.resolve("model.json"));
        assertThat(json).contains("\"config\": {").contains("\"momentum\": \"0.9\"").contains("\"standardize\": false")
                .contains("\"schedule\": \"cosine:100\"");
        Path again = dir.resolve("again");
        CliRun b = CliRun.of("train", "--config", first.resolve("model.json").toString(), "--output", again.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(testLine(b)).isEqualTo(testLine(a));
        // Options on the command line win over the recorded ones.
        CliRun c = CliRun.of("train", "--config", first.resolve("model.json").toString(), "--epochs", "1", "--output",
                dir.resolve("one").toString());
        assertThat(c.out()).contains("epoch 1/1").doesNotContain("epoch 2/");
    }
}
