package io.github.adagrad4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.SparseGradient;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

    private static float[] dense(Parameter p) {
        float[] d = new float[p.size()];
        SparseGradient g = p.sparseGrad();
        for (int k = 0; k < g.rows().length; k++) {
            for (int j = 0; j < g.width(); j++) {
                d[g.rows()[k] * g.width() + j] += g.values()[k * g.width() + j];
            }
        }
        return d;
    }

    @Test
    void lookupGivesTheSparseFormOfTheDenseGradient() {
        Embedding e = new Embedding(10, 3, new SplittableRandom(1));
        int[] idx = {4, 0, 4, 9};
        Tensor target = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3);
        Ops.mse(e.lookup(idx), target).backward();
        assertThat(e.weight().hasDenseGrad()).as("no table-sized dense gradient, not even zeros").isFalse();
        Parameter twin = new Parameter("w", e.weight().data().clone(), 10, 3);
        Ops.mse(Ops.embedding(Tensor.of(twin), idx), target).backward();
        assertThat(dense(e.weight())).containsExactly(twin.grad());
        assertThat(e.weight().sparseGrad().rows()).containsExactly(4, 0, 4, 9);
    }

    @Test
    void bagSumsOrAveragesRowsPerOffset() {
        Embedding e = new Embedding(5, 2, new SplittableRandom(2));
        float[] w = e.weight().data();
        int[] idx = {1, 2, 3, 4, 4};
        int[] offsets = {0, 2, 2}; // bags {1,2}, {}, {3,4,4}
        Tensor sum = e.bag(idx, offsets, false);
        assertThat(sum.shape()).containsExactly(3, 2);
        assertThat(sum.data()[0]).isEqualTo(w[2] + w[4]);
        assertThat(sum.data()[2]).isZero();
        Tensor mean = e.bag(idx, offsets, true);
        assertThat((double) mean.data()[4]).isCloseTo((w[6] + w[8] + w[8]) / 3.0, within(1e-6));
        // loss = sum(mean^2) / 6; d loss / d mean[2][0] = mean[2][0] / 3, and row 4 enters that mean twice: 2/3
        Ops.mse(mean, Tensor.of(new float[6], 3, 2)).backward();
        float[] g = dense(e.weight());
        assertThat((double) g[8]).isCloseTo(2.0 / 6 * mean.data()[4] * (2.0 / 3), within(1e-5));
    }

    @Test
    void badIndicesAndOffsetsAreNamed() {
        Embedding e = new Embedding(5, 2, new SplittableRandom(3));
        assertThatThrownBy(() -> e.lookup(new int[] {1, 5})).hasMessage("embedding: index 5 at position 1 is outside [0, 5)");
        assertThatThrownBy(() -> e.bag(new int[] {1, 2}, new int[] {0, 3}, false))
                .hasMessageContaining("offset 1 is 3");
        assertThatThrownBy(() -> e.forward(Tensor.of(new float[] {1.5f}, 1))).hasMessageContaining("not a row index");
    }
}
