package io.github.adagrad4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.nn.train.TokenHashing;
import io.github.adagrad4j.nn.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token-sequence classifier: batching of uneven sequences, its checks, and a model folder round trip. */
class SequenceClassifierTest {
    private static SequenceClassifier net(Recurrent.Kind cell, boolean bi, boolean mean, int buckets) {
        return new SequenceClassifier(buckets, 6, cell, 5, 2, bi, mean, 1, new SplittableRandom(3));
    }

    @Test
    void aSequenceScoresTheSameAloneAsInABatchOfLongerOnes() {
        for (Recurrent.Kind cell : List.of(Recurrent.Kind.LSTM, Recurrent.Kind.GRU, Recurrent.Kind.RNN_TANH)) {
            for (boolean bi : new boolean[] {false, true}) {
                for (boolean mean : new boolean[] {false, true}) {
                    SequenceClassifier n = net(cell, bi, mean, 50);
                    int[] shortOne = {4, 9, 2};
                    float alone = n.logits(List.of(shortOne)).data()[0];
                    Tensor batch = n.logits(List.of(new int[] {1, 2, 3, 4, 5, 6, 7}, shortOne, new int[] {8}));
                    assertThat(batch.shape()).containsExactly(3, 1);
                    assertThat(batch.data()[1]).as(cell + " bi=" + bi + " mean=" + mean).isCloseTo(alone,
                            org.assertj.core.data.Offset.offset(1e-6f));
                }
            }
        }
    }

    @Test
    void badSequencesAreNamed() {
        SequenceClassifier n = net(Recurrent.Kind.GRU, true, true, 50);
        assertThatThrownBy(() -> n.logits(List.of(new int[] {1}, new int[] {})))
                .hasMessageContaining("sequence 1 is empty");
        assertThatThrownBy(() -> n.logits(List.of(new int[] {1, 50})))
                .hasMessageContaining("sequence 0, token 1: id 50 is outside the vocabulary [0, 50)");
        assertThatThrownBy(() -> n.forward(Tensor.of(new float[] {1}, 1, 1))).hasMessageContaining("use logits");
    }

    @Test
    void aModelFolderPredictsTextsAsTheNetworkScoresTheirTokens(@TempDir Path dir) throws Exception {
        TokenHashing tokens = new TokenHashing(8, 4);
        SequenceClassifier n = new SequenceClassifier(tokens.buckets(), 6, Recurrent.Kind.LSTM, 5, 1, true, false, 1,
                new SplittableRandom(7));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("task", "sequence-classification");
        d.put("model", Map.of("cell", "lstm", "hidden", 5, "layers", 1, "bidirectional", true, "embed", 6,
                "pooling", "last", "outputs", 1));
        d.put("input", tokens.describe(0.2, 42, 100));
        d.put("classes", List.of("ham", "spam"));
        TrainedModel.write(dir, n, d);
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
