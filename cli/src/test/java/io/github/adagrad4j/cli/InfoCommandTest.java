package io.github.adagrad4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.optim.io.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void infoShowsTheLayersInputsAndChecksumsAsTextOrJson() {
        Path out = dir.resolve("m");
        CliRun train = CliRun.of("train", "--data", "digits", "--model", "mlp:8", "--epochs", "1", "--train-limit",
                "200", "--output", out.toString());
        assertThat(train.code()).as(train.err()).isZero();
        CliRun info = CliRun.of("info", "--model", out.toString());
        assertThat(info.code()).as(info.err()).isZero();
        assertThat(info.out()).contains("Dense", "(batch, 8)", "Total parameters: 610", "features", "sha256:",
                "model.safetensors");
        CliRun json = CliRun.of("info", "--model", out.toString(), "--json");
        Map<?, ?> m = (Map<?, ?>) Json.parse(json.out());
        assertThat(((Number) m.get("parameters")).longValue()).isEqualTo(610);
        assertThat((List<?>) m.get("layers")).hasSize(3);
        assertThat(((Map<?, ?>) m.get("sha256")).containsKey("model.json")).isTrue();
        CliRun missing = CliRun.of("info", "--model", dir.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("nothing").doesNotContain("\tat ");
    }
}
