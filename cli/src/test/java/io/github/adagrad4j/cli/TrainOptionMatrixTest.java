package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Path x option: every option of {@code train} either applies to a training path or is refused
 * there with one {@code error:} line naming the option and the path; none is silently dropped.
 */
class TrainOptionMatrixTest {
    /** A value for each option that takes one. */
    private static final Map<String, List<String>> VALUE = Map.ofEntries(
            Map.entry("--label-column", List.of("y")), Map.entry("--test-data", List.of("t.csv")),
            Map.entry("--validation-data", List.of("v.csv")), Map.entry("--categorical", List.of("a")),
            Map.entry("--ignore-columns", List.of("a")), Map.entry("--max-categories", List.of("5")),
            Map.entry("--missing", List.of("zero")), Map.entry("--delimiter", List.of(";")),
            Map.entry("--hash-bits", List.of("10")), Map.entry("--validation-split", List.of("0.1")),
            Map.entry("--target-scaling", List.of("none")), Map.entry("--early-stopping", List.of("2")),
            Map.entry("--train-limit", List.of("10")), Map.entry("--seq-len", List.of("20")),
            Map.entry("--test-split", List.of("0.3")), Map.entry("--text-columns", List.of("a")),
            Map.entry("--split-seed", List.of("7")));

    /** The arguments that select each path. */
    private static final Map<RunOptions.Path_, List<String>> PATH = Map.of(
            RunOptions.Path_.NETWORK, List.of("--data", "digits", "--model", "mlp:8"),
            RunOptions.Path_.SPARSE, List.of("--data", "spam", "--model", "sparse-linear"),
            RunOptions.Path_.SEQUENCE, List.of("--data", "spam", "--model", "gru:8"),
            RunOptions.Path_.LANGUAGE_MODEL, List.of("--data", "fortunes", "--task", "lm", "--model", "lstm:8"));

    @Test
    void everyOptionAPathCannotHonourIsRefusedByName() {
        int refused = 0;
        for (Map.Entry<RunOptions.Path_, List<String>> p : RunOptions.UNSUPPORTED.entrySet()) {
            for (String option : p.getValue()) {
                List<String> args = new ArrayList<>(List.of("train"));
                args.addAll(PATH.get(p.getKey()));
                args.add(option);
                args.addAll(VALUE.getOrDefault(option, List.of()));
                CliRun r = CliRun.of(args.toArray(new String[0]));
                assertThat(r.code()).as(String.join(" ", args)).isEqualTo(1);
                assertThat(r.err().strip()).as(String.join(" ", args))
                        .isEqualTo("error: " + option + " does not apply to " + p.getKey().words + "; leave it out");
                refused++;
            }
        }
        for (RunOptions.Path_ p : List.of(RunOptions.Path_.SPARSE, RunOptions.Path_.SEQUENCE)) {
            for (String option : RunOptions.TABLE_OPTIONS) {
                List<String> args = new ArrayList<>(List.of("train"));
                args.addAll(PATH.get(p));
                args.add(option);
                args.addAll(VALUE.getOrDefault(option, List.of()));
                CliRun r = CliRun.of(args.toArray(new String[0]));
                assertThat(r.err().strip()).as(String.join(" ", args))
                        .isEqualTo("error: " + option + " describes a CSV table; --data spam is not one");
                refused++;
            }
        }
        int cells = 2 * RunOptions.TABLE_OPTIONS.size();
        for (List<String> l : RunOptions.UNSUPPORTED.values()) {
            cells += l.size();
        }
        assertThat(refused).isEqualTo(cells).isGreaterThanOrEqualTo(40);
    }

    @Test
    void theOptimizerOptionsApplyToEveryPath() {
        // Schedules, clipping, threads and the non-finite policy reach every path's optimizer, so none is refused.
        for (List<String> unsupported : RunOptions.UNSUPPORTED.values()) {
            assertThat(unsupported).doesNotContain("--schedule", "--clip-norm", "--clip-value", "--threads",
                    "--non-finite", "--optimizer", "--lr", "--epochs", "--batch-size", "--seed", "--output", "--model",
                    "--data");
        }
    }
}
