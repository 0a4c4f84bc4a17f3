package io.github.adagrad4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.Parameter;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Central finite differences against backpropagation through time for the smooth cells (LSTM,
 * GRU, tanh RNN), two layers, both directions, ragged lengths: each parameter's gradient at a few
 * coordinates, and the input's. (The ReLU RNN's kinks make difference quotients unreliable; its
 * gradients are checked against PyTorch's in RnnParityTest.)
 */
class RnnGradientCheckTest {
    private static Rnn make(String kind) {
        SplittableRandom rng = new SplittableRandom(3);
        return switch (kind) {
            case "lstm" -> Rnn.lstm(3, 4, 2, true, 0, rng);
            case "gru" -> Rnn.gru(3, 4, 2, true, 0, rng);
            default -> Rnn.rnn(3, 4, 2, true, false, 0, rng);
        };
    }

    private static double loss(Rnn net, Parameter x, int[] lengths, float[] a) {
        Rnn.Output o = net.forward(Tensor.of(x), lengths, null, null);
        double s = 0;
        float[] y = o.output().data();
        for (int i = 0; i < y.length; i++) {
            s += (double) y[i] * a[i];
        }
        float[] h = o.hn().data();
        for (int i = 0; i < h.length; i++) {
            s += 0.5 * h[i];
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "tanh"})
    void backpropagationThroughTimeMatchesFiniteDifferences(String kind) {
        Rnn net = make(kind);
        int b = 2;
        int t = 4;
        Parameter x = Parameter.zeros("x", b, t, 3);
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < x.data().length; i++) {
            x.data()[i] = (float) rng.nextGaussian();
        }
        int[] lengths = {4, 2};
        float[] a = new float[b * t * 8];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        Rnn.Output o = net.forward(Tensor.of(x), lengths, null, null);
        Tensor l = Ops.add(Ops.rowDot(Ops.reshape(o.output(), 1, a.length), Tensor.of(a.clone(), 1, a.length)),
                Ops.rowDot(Ops.reshape(o.hn(), 1, o.hn().size()), Tensor.of(filled(o.hn().size(), 0.5f), 1,
                        o.hn().size())));
        l.backward();
        int checked = 0;
        java.util.List<Parameter> all = new java.util.ArrayList<>(net.parameters());
        all.add(x);
        for (Parameter p : all) {
            for (int k = 0; k < 3; k++) {
                int i = rng.nextInt(p.size());
                float keep = p.data()[i];
                double eps = 1e-2;
                p.data()[i] = (float) (keep + eps);
                double up = loss(net, x, lengths, a);
                p.data()[i] = (float) (keep - eps);
                double down = loss(net, x, lengths, a);
                p.data()[i] = keep;
                double numeric = (up - down) / (2 * eps);
                double analytic = p.grad()[i];
                assertThat(Math.abs(numeric - analytic)).as(kind + " " + p.name() + "[" + i + "] numeric " + numeric
                        + " analytic " + analytic).isLessThan(2e-3 + 2e-2 * Math.abs(numeric));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3 * all.size());
    }

    private static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
