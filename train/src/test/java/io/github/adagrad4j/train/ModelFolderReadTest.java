package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders that are not model folders are named with what they are. */
class ModelFolderReadTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithoutADescriptionSaysWhatItHolds() throws Exception {
        assertThatThrownBy(() -> ModelFolder.read(dir.resolve("nowhere"))).hasMessageContaining("no such model folder");
        assertThatThrownBy(() -> ModelFolder.read(dir)).hasMessageContaining("model.json is missing");
        Files.createDirectories(dir.resolve("spark"));
        assertThatThrownBy(() -> ModelFolder.read(dir)).hasMessageContaining("holds a Spark PipelineModel only");
    }

    @Test
    void aDescriptionMissingAFieldOrOfAnUnknownFormatIsNamed() throws Exception {
        Files.writeString(dir.resolve("model.json"), "{\"format\": \"adagrad4j-model/2\", \"library\": \"x\", "
                + "\"task\": \"regression\", \"model\": {}, \"input\": {}, \"training\": {}, \"metrics\": {}}");
        assertThatThrownBy(() -> ModelFolder.read(dir)).hasMessageContaining("model.json")
                .hasMessageContaining("'kind' is missing");
        Files.writeString(dir.resolve("model.json"), "{\"format\": \"adagrad4j-model/3\"}");
        assertThatThrownBy(() -> ModelFolder.read(dir)).hasMessageContaining("model format adagrad4j-model/3")
                .hasMessageContaining("reads adagrad4j-model/2 and adagrad4j-model/1");
    }
}
