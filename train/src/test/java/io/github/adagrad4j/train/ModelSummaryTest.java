package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.optim.io.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `info` shows of a folder: computed from the folder, for every kind of model. */
class ModelSummaryTest {
    @TempDir
    Path dir;

    @Test
    void aStackOfLayersShowsEachOutputShapeAndParameterCount() throws Exception {
        Path out = dir.resolve("mlp");
        new Recipe(TrainingConfig.builder().data("digits").model("mlp:8").epochs(1).trainLimit(200).output(out).build())
                .run(new PrintWriter(new StringWriter()));
        ModelSummary s = ModelSummary.of(out);
        // digits: 64 inputs -> 8 -> 10 classes: 64*8+8 + 8*10+10 parameters.
        assertThat(s.parameters()).isEqualTo(610);
        assertThat(s.layers()).extracting(ModelSummary.Layer::parameters).containsExactly(520L, 0L, 90L);
        assertThat(s.layers().get(0).outputShape()).containsExactly(-1, 8);
        assertThat(s.layers().get(2).outputShape()).containsExactly(-1, 10);
        assertThat(s.sha256()).containsKeys("model.json", "model.safetensors", "history.csv").allSatisfy((f, h) ->
                assertThat(h).hasSize(64));
        String text = s.text();
        assertThat(text).contains("(batch, 8)", "Total parameters: 610", "classes:", "0, 1, 2", "metrics:",
                "training:", "data=digits", "written by adagrad4j");
        Map<?, ?> json = (Map<?, ?>) Json.parse(Json.writePretty(s.toJson()));
        assertThat(((List<?>) json.get("layers"))).hasSize(3);
        assertThat(json.get("kind")).isEqualTo("network");
    }

    @Test
    void everyKindOfFolderSummarises() throws Exception {
        for (String kind : List.of("table-mlp", "hashed-text", "sequence", "libsvm", "char-lm", "dense-regression")) {
            ModelSummary s = ModelSummary.of(Format1CompatibilityTest.DIR.resolve(kind));
            assertThat(s.parameters()).as(kind).isPositive();
            assertThat(s.layers().stream().mapToLong(ModelSummary.Layer::parameters).sum()).as(kind)
                    .isEqualTo(s.parameters());
            assertThat(s.inputs()).as(kind).isNotEmpty();
            assertThat(s.text()).as(kind).contains("Total parameters", "sha256:");
        }
        ModelSummary table = ModelSummary.of(Format1CompatibilityTest.DIR.resolve("table-mlp"));
        assertThat(table.inputs()).anySatisfy(i -> {
            assertThat(i.name()).isEqualTo("age");
            assertThat(i.details()).startsWith("scaled (x - 48.83) / 17.53");
        });
        assertThat(table.inputs()).anySatisfy(i -> assertThat(i.type()).isEqualTo("categorical"));
        assertThat(table.text()).contains("format:         adagrad4j-model/1");
    }
}
