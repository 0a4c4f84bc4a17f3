package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the terminal: --quiet leaves the results, --log-level picks the log lines. */
class TerminalTest {
    @TempDir
    Path dir;

    @Test
    void quietLeavesOnlyTheResults() {
        CliRun loud = CliRun.of("train", "--data", "digits", "--model", "mlp:8", "--epochs", "2", "--train-limit", "200",
                "--output", dir.resolve("a").toString());
        assertThat(loud.out()).contains("data digits", "epoch 2/2", "test:", "wrote ");
        CliRun quiet = CliRun.of("train", "--quiet", "--data", "digits", "--model", "mlp:8", "--epochs", "2",
                "--train-limit", "200", "--output", dir.resolve("b").toString());
        assertThat(quiet.code()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("test:", "wrote ").doesNotContain("epoch", "data digits");
        assertThat(quiet.out().lines()).hasSize(2);
        // The same results, to the digit: --quiet changes what is shown, not what is computed.
        assertThat(quiet.out().lines().findFirst()).isEqualTo(loud.out().lines().filter(l -> l.startsWith("test:"))
                .findFirst());
    }

    @Test
    void commentaryIsToldFromResults() {
        for (String line : new String[] {"note: column 'plan' categorical: 3 values", "epoch 3/10  loss 0.3  (1.2 s)",
            "adam:lr=1e-3                 epoch 1/3  loss 0.5", "adagrad:lr=0.02        step    50/727  train 3.1 bits/char",
            "trial   4 complete  val_accuracy 0.9", "resumed from runs/x/checkpoint.safetensors after epoch 2",
            "data digits: 1437 train, 360 test examples of shape [64]", "spam: 4836 train, 1210 test e-mails",
            "epoch 2: validation 2.4 bits/char"}) {
            assertThat(ResultsOnly.commentary(line)).as(line).isTrue();
        }
        for (String line : new String[] {"test:  loss 0.09  accuracy 0.97", "wrote runs/x: model.json",
            "validation: 2.5 bits/char", "best of 20 trials (3 pruned): trial 6", "Lowest final value: adam",
            "predicted,p_0,p_1", "yes,0.1,0.9", "model runs/x on digits"}) {
            assertThat(ResultsOnly.commentary(line)).as(line).isFalse();
        }
    }

    @Test
    void anUnknownLogLevelIsAUsageError() {
        CliRun r = CliRun.of("train", "--log-level", "loud", "--data", "digits");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --log-level 'loud': expected error, warn, info or debug");
    }
}
