package io.github.adagrad4j.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Our LSTM, GRU and RNN against PyTorch's on the same weights and inputs (tools/parity/rnn_traces.py):
 * variable lengths, initial states, two layers, one and two directions; outputs, final states and
 * every gradient (parameters, input, initial states) within 1e-5.
 */
class RnnParityTest {
    static final int B = 3;
    static final int T = 5;
    static final int I = 4;
    static final int H = 6;

    private static Tensor leaf(String name, SafeTensors.Tensor t, List<Parameter> keep) {
        Parameter p = Parameter.zeros(name, t.shape());
        System.arraycopy(t.data(), 0, p.data(), 0, t.data().length);
        keep.add(p);
        return Tensor.of(p);
    }

    /** sum(a * b) as a differentiable scalar. */
    private static Tensor dot(Tensor a, float[] b) {
        Tensor flat = Ops.reshape(a, 1, a.size());
        return Ops.rowDot(flat, Tensor.of(b.clone(), 1, b.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm-uni", "lstm-bi", "gru-uni", "gru-bi", "rnn-tanh-bi", "rnn-relu-bi", "lstm-wide",
        "gru-wide", "rnn-tanh-wide"})
    void outputsStatesAndGradientsMatchPyTorch(String config) throws IOException {
        Map<String, SafeTensors.Tensor> f = SafeTensors.read(Path.of("src/test/resources/torch/rnn/" + config
                + ".safetensors")).tensors();
        // The layout comes from the trace: hidden 6, or 19 for the "-wide" ones (vector kernels and their tails).
        boolean bi = f.containsKey("weight_ih_l0_reverse");
        int layers = f.containsKey("weight_ih_l1") ? 2 : 1;
        int hidden = f.get("h0").shape()[2];
        SplittableRandom rng = new SplittableRandom(1);
        Rnn net = config.startsWith("lstm") ? Rnn.lstm(I, hidden, layers, bi, 0, rng)
                : config.startsWith("gru") ? Rnn.gru(I, hidden, layers, bi, 0, rng)
                : Rnn.rnn(I, hidden, layers, bi, config.contains("relu"), 0, rng);
        for (Parameter p : net.parameters()) {
            SafeTensors.Tensor t = f.get(p.name());
            assertThat(t).as(p.name()).isNotNull();
            assertThat(p.shape()).as(p.name()).isEqualTo(t.shape());
            System.arraycopy(t.data(), 0, p.data(), 0, t.data().length);
        }
        List<Parameter> inputs = new ArrayList<>();
        Tensor x = leaf("x", f.get("x"), inputs);
        Tensor h0 = leaf("h0", f.get("h0"), inputs);
        Tensor c0 = f.containsKey("c0") ? leaf("c0", f.get("c0"), inputs) : null;
        float[] lf = f.get("lengths").data();
        int[] lengths = new int[lf.length];
        for (int i = 0; i < lf.length; i++) {
            lengths[i] = (int) lf[i];
        }
        Rnn.Output o = net.forward(x, lengths, h0, c0);
        sameWithoutBackward(config, net, o, x, lengths, h0, c0);
        close(config + " output", o.output().data(), f.get("out").data());
        close(config + " h_n", o.hn().data(), f.get("hn").data());
        Tensor loss = Ops.add(dot(o.output(), f.get("a").data()), dot(o.hn(), f.get("b").data()));
        if (c0 != null) {
            close(config + " c_n", o.cn().data(), f.get("cn").data());
            loss = Ops.add(loss, dot(o.cn(), f.get("c").data()));
        }
        loss.backward();
        for (Parameter p : net.parameters()) {
            close(config + " grad " + p.name(), p.grad(), f.get("grad." + p.name()).data());
        }
        for (Parameter p : inputs) {
            close(config + " grad " + p.name(), p.grad(), f.get("grad." + p.name()).data());
        }
    }

    /**
     * Under {@code Tensor.noGrad()} a layer keeps two state rows instead of every step's and works in
     * scratch arrays: the same bits, also when a larger batch left other numbers in those arrays.
     */
    private static void sameWithoutBackward(String config, Rnn net, Rnn.Output o, Tensor x, int[] lengths, Tensor h0,
            Tensor c0) {
        Workspace ws = new Workspace();
        SplittableRandom rng = new SplittableRandom(7);
        float[] big = new float[(B + 2) * (T + 4) * I];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) rng.nextGaussian();
        }
        try (Tensor.NoGrad off = Tensor.noGrad()) {
            try (Workspace.Scope s = ws.enter()) {
                net.forward(Tensor.of(big, B + 2, T + 4, I), null, null, null);
            }
            for (int round = 0; round < 2; round++) {
                try (Workspace.Scope s = ws.enter()) {
                    Rnn.Output p = net.forward(Tensor.of(x.data().clone(), x.shape()), lengths,
                            Tensor.of(h0.data().clone(), h0.shape()),
                            c0 == null ? null : Tensor.of(c0.data().clone(), c0.shape()));
                    assertThat(p.output().requiresGrad()).isFalse();
                    assertThat(p.output().data()).as(config + " output without backward").isEqualTo(o.output().data());
                    assertThat(p.hn().data()).as(config + " h_n without backward").isEqualTo(o.hn().data());
                    if (c0 != null) {
                        assertThat(p.cn().data()).as(config + " c_n without backward").isEqualTo(o.cn().data());
                    }
                }
            }
        }
    }

    private static void close(String what, float[] ours, float[] theirs) {
        assertThat(ours).as(what).hasSize(theirs.length);
        for (int i = 0; i < ours.length; i++) {
            double tol = 1e-5 * Math.max(1, Math.abs(theirs[i]));
            if (Math.abs(ours[i] - theirs[i]) > tol) {
                throw new AssertionError(what + "[" + i + "]: ours " + ours[i] + ", torch " + theirs[i]);
            }
        }
    }

    @Test
    void badShapesAndLengthsAreNamed() {
        Rnn lstm = Rnn.lstm(I, H, 2, true, 0, new SplittableRandom(1));
        Tensor x = Tensor.of(new float[B * T * I], B, T, I);
        assertThatThrownBy(() -> lstm.forward(x, new int[] {5, 6, 1}, null, null))
                .hasMessageContaining("sequence 1 has length 6, expected 1 to 5");
        assertThatThrownBy(() -> lstm.forward(x, new int[] {5, 3}, null, null))
                .hasMessageContaining("2 lengths for a batch of 3");
        assertThatThrownBy(() -> lstm.forward(x, null, Tensor.of(new float[2 * B * H], 2, B, H), null))
                .hasMessageContaining("h0 must be [4, 3, 6]");
        assertThatThrownBy(() -> lstm.forward(Tensor.of(new float[B * T * 3], B, T, 3), null, null, null))
                .hasMessageContaining("input has 3 features but weight_ih is [24, 4]");
        assertThatThrownBy(() -> Rnn.gru(I, H, 1, false, 0, new SplittableRandom(1)).forward(x, null, null,
                Tensor.of(new float[B * H], 1, B, H))).hasMessageContaining("has no cell state");
    }
}
