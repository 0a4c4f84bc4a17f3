package io.github.adagrad4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Recurrent;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The token-sequence classifier: batching of uneven sequences, its checks, and its checks. */
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
}
