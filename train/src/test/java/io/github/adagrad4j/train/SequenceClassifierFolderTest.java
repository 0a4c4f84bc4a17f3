package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.text.TokenHashing;
import io.github.adagrad4j.nn.layers.SequenceClassifier;
import io.github.adagrad4j.nn.ops.Recurrent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sequence classifier's model folder: texts predicted as the network scores their tokens, bad folders named. */
class SequenceClassifierFolderTest {
    @Test
    void aModelFolderPredictsTextsAsTheNetworkScoresTheirTokens(@TempDir Path dir) throws Exception {
        TokenHashing tokens = new TokenHashing(8, 4);
        SequenceClassifier n = new SequenceClassifier(tokens.buckets(), 6, Recurrent.Kind.LSTM, 5, 1, true, false, 1,
                new SplittableRandom(7));
        ModelDescription d = ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.SEQUENCE_CLASSIFIER, List.of("ham", "spam"), Map.of("cell", "lstm", "hidden", 5,
                "layers", 1, "bidirectional", true, "embed", 6, "pooling", "last", "outputs", 1),
                TrainedModel.tokenSequenceInput(tokens, 0.2, 42, 100));
        ModelFolder.write(dir, n, d);
        TrainedModel m = TrainedModel.load(dir);
        String text = "one two three four five six";
        int[] ids = tokens.encode(text);
        assertThat(ids).hasSize(4);
        double p = 1 / (1 + Math.exp(-n.logits(List.of(ids)).data()[0]));
        TrainedModel.Prediction got = m.predictText(text);
        assertThat(got.probabilities()[1]).isCloseTo((float) p, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(got.label()).isEqualTo(p > 0.5 ? "spam" : "ham");
        assertThat(tokens.encode("  ")).containsExactly(0);

        String json = Files.readString(dir.resolve("model.json"));
        Files.writeString(dir.resolve("model.json"), json.replace("\"lstm\"", "\"tree\""));
        assertThatThrownBy(() -> TrainedModel.load(dir)).hasMessageContaining("'model.cell' should be lstm, gru, "
                + "rnn_tanh or rnn_relu, found 'tree'");
        Files.writeString(dir.resolve("model.json"), json.replace("\"hidden\": 5", "\"hidden\": 6"));
        assertThatThrownBy(() -> TrainedModel.load(dir)).hasMessageContaining("has shape");
    }
}
