package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --tensorboard: one event folder per run, for train, compare and search; refused by spark-train. */
class TensorBoardCommandTest {
    @TempDir
    Path dir;

    private static boolean hasEvents(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents."));
        }
    }

    @Test
    void everyRunLogsToItsOwnFolder() throws IOException {
        Path tb = dir.resolve("tb");
        CliRun train = CliRun.of("train", "--data", "digits", "--model", "mlp:8", "--epochs", "1", "--train-limit",
                "200", "--tensorboard", tb.resolve("train").toString(), "--output", dir.resolve("t").toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(hasEvents(tb.resolve("train"))).isTrue();
        CliRun compare = CliRun.of("compare", "--data", "digits", "--model", "mlp:8", "--epochs", "1", "--train-limit",
                "200", "--optimizers", "adagrad", "sgd:lr=0.1", "--tensorboard", tb.resolve("compare").toString(),
                "--output", dir.resolve("c").toString());
        assertThat(compare.code()).as(compare.err()).isZero();
        assertThat(hasEvents(tb.resolve("compare").resolve("adagrad"))).isTrue();
        assertThat(hasEvents(tb.resolve("compare").resolve("sgd_lr=0.1"))).isTrue();
        CliRun search = CliRun.of("search", "--data", "digits", "--model", "mlp:8", "--epochs", "1", "--train-limit",
                "200", "--space", "lr=choice(0.01,0.1)", "--strategy", "grid", "--trials", "2", "--tensorboard",
                tb.resolve("search").toString(), "--output", dir.resolve("s").toString());
        assertThat(search.code()).as(search.err()).isZero();
        for (String run : new String[] {"trial-000", "trial-001", "best"}) {
            assertThat(hasEvents(tb.resolve("search").resolve(run))).as(run).isTrue();
        }
        CliRun spark = CliRun.of("spark-train", "--data", "digits", "--tensorboard", tb.toString());
        assertThat(spark.code()).isEqualTo(1);
        assertThat(spark.err()).contains("--tensorboard does not apply to spark-train");
    }
}
