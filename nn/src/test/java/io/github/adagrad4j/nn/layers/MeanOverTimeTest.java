package io.github.adagrad4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.Parameter;
import org.junit.jupiter.api.Test;

class MeanOverTimeTest {
    @Test
    void averagesEachSequenceOverItsOwnStepsAndSendsGradientOnlyThere() {
        Parameter x = Parameter.zeros("x", 2, 3, 2);
        float[] v = {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60};
        System.arraycopy(v, 0, x.data(), 0, v.length);
        Tensor m = Recurrent.meanOverTime(Tensor.of(x), new int[] {3, 1});
        assertThat(m.data()).containsExactly(3, 4, 10, 20);
        Ops.rowDot(Ops.reshape(m, 1, 4), Tensor.of(new float[] {1, 1, 1, 1}, 1, 4)).backward();
        float third = 1f / 3;
        assertThat(x.grad()).containsExactly(third, third, third, third, third, third, 1, 1, 0, 0, 0, 0);
    }
}
