package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.Checks;
import io.github.adagrad4j.optim.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Recurrent layers as PyTorch has them ({@code torch.nn.RNN}, {@code LSTM}, {@code GRU} with
 * {@code batch_first=True}): several layers, optionally bidirectional, dropout between layers,
 * initial states in and final states out, and batches of sequences of different lengths. The
 * parameters have PyTorch's names, shapes and gate order ({@code weight_ih_l0}, {@code
 * weight_hh_l0}, {@code bias_ih_l0}, {@code bias_hh_l0}, {@code ..._reverse}), so a state dict
 * moves between the two; they start uniform in {@code ±1/sqrt(hidden)}, as PyTorch's do.
 *
 * <pre>{@code
 * Rnn lstm = Rnn.lstm(64, 256, 2, false, 0.0, new SplittableRandom(1));
 * Rnn.Output o = lstm.forward(x, lengths, null, null);   // x [B, T, 64], lengths[B] in 1..T
 * o.output();   // [B, T, 256], zero past each sequence's end
 * o.hn();       // [2, B, 256]: the last layer's final state is o.hn() row 1
 * }</pre>
 */
public final class Rnn extends Module {
    private final Recurrent.Kind kind;
    private final int hidden;
    private final int layers;
    private final int directions;
    private final double dropout;
    private final List<Parameter[]> weights = new ArrayList<>();
    private final long seed;
    private SplittableRandom rng;

    /** The outputs of the last layer {@code [B, T, D*H]}, the final states {@code [L*D, B, H]}, and cells (LSTM; else null). */
    public record Output(Tensor output, Tensor hn, Tensor cn) {
    }

    private Rnn(Recurrent.Kind kind, int input, int hidden, int layers, boolean bidirectional, double dropout,
            SplittableRandom init) {
        Checks.atLeastOne("input features", input);
        Checks.atLeastOne("hidden size", hidden);
        Checks.atLeastOne("layers", layers);
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout between layers must be in [0, 1), got " + dropout);
        }
        this.kind = kind;
        this.hidden = hidden;
        this.layers = layers;
        this.directions = bidirectional ? 2 : 1;
        this.dropout = dropout;
        this.seed = init.nextLong();
        this.rng = new SplittableRandom(seed);
        int g = kind.gates() * hidden;
        double bound = 1 / Math.sqrt(hidden);
        for (int l = 0; l < layers; l++) {
            int in = l == 0 ? input : hidden * directions;
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                Parameter[] p = {
                    register("weight_ih" + suffix, Parameter.zeros("weight_ih" + suffix, g, in)),
                    register("weight_hh" + suffix, Parameter.zeros("weight_hh" + suffix, g, hidden)),
                    register("bias_ih" + suffix, Parameter.zeros("bias_ih" + suffix, g)),
                    register("bias_hh" + suffix, Parameter.zeros("bias_hh" + suffix, g))};
                for (Parameter q : p) {
                    float[] a = q.data();
                    for (int i = 0; i < a.length; i++) {
                        a[i] = (float) ((init.nextDouble() * 2 - 1) * bound);
                    }
                }
                weights.add(p);
            }
        }
    }

    /** {@code torch.nn.LSTM(input, hidden, layers, batch_first=True, dropout=dropout, bidirectional=bidirectional)}. */
    public static Rnn lstm(int input, int hidden, int layers, boolean bidirectional, double dropout, SplittableRandom rng) {
        return new Rnn(Recurrent.Kind.LSTM, input, hidden, layers, bidirectional, dropout, rng);
    }

    /** {@code torch.nn.GRU(...)}, as {@link #lstm}. */
    public static Rnn gru(int input, int hidden, int layers, boolean bidirectional, double dropout, SplittableRandom rng) {
        return new Rnn(Recurrent.Kind.GRU, input, hidden, layers, bidirectional, dropout, rng);
    }

    /** {@code torch.nn.RNN(..., nonlinearity='tanh' or 'relu')}, as {@link #lstm}. */
    public static Rnn rnn(int input, int hidden, int layers, boolean bidirectional, boolean relu, double dropout,
            SplittableRandom rng) {
        return new Rnn(relu ? Recurrent.Kind.RNN_RELU : Recurrent.Kind.RNN_TANH, input, hidden, layers, bidirectional,
                dropout, rng);
    }

    public int hiddenSize() {
        return hidden;
    }

    /** Features per output step: hidden size times directions. */
    public int outputSize() {
        return hidden * directions;
    }

    @Override
    protected void onReseed(long batchSeed) {
        rng = new SplittableRandom(batchSeed * 0x9E3779B97F4A7C15L + seed);
    }

    /** The last layer's outputs for full-length sequences from zero states. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null, null, null).output();
    }

    /**
     * Runs every layer and direction.
     *
     * @param x {@code [B, T, input]}
     * @param lengths per sequence, in {@code [1, T]}; null: all {@code T}
     * @param h0 {@code [layers * directions, B, hidden]}, or null for zeros
     * @param c0 the same for the LSTM cell, or null
     */
    public Output forward(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(kind + ": input must be [batch, time, features], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        int b = x.dim(0);
        int steps = x.dim(1);
        int states = layers * directions;
        Tensor h0flat = flatState(h0, "h0", b, states);
        Tensor c0flat = kind == Recurrent.Kind.LSTM ? flatState(c0, "c0", b, states) : null;
        if (c0 != null && kind != Recurrent.Kind.LSTM) {
            throw new IllegalArgumentException(kind + " has no cell state; c0 must be null");
        }
        Tensor in = x;
        List<Tensor> hn = new ArrayList<>();
        List<Tensor> cn = new ArrayList<>();
        int bh = b * hidden;
        for (int l = 0; l < layers; l++) {
            List<Tensor> outs = new ArrayList<>();
            for (int d = 0; d < directions; d++) {
                int k = l * directions + d;
                Parameter[] p = weights.get(k);
                Tensor hs = h0flat == null ? null : Ops.reshape(Ops.narrow(h0flat, k * bh, (k + 1) * bh), b, hidden);
                Tensor cs = c0flat == null ? null : Ops.reshape(Ops.narrow(c0flat, k * bh, (k + 1) * bh), b, hidden);
                Tensor packed = Recurrent.layer(kind, in, lengths, hs, cs, Tensor.of(p[0]), Tensor.of(p[1]),
                        Tensor.of(p[2]), Tensor.of(p[3]), d == 1);
                int th = steps * hidden;
                outs.add(Ops.reshape(Ops.narrow(packed, 0, th), b, steps, hidden));
                hn.add(Ops.reshape(Ops.narrow(packed, th, th + hidden), 1, bh));
                if (kind == Recurrent.Kind.LSTM) {
                    cn.add(Ops.reshape(Ops.narrow(packed, th + hidden, th + 2 * hidden), 1, bh));
                }
            }
            in = outs.size() == 1 ? outs.get(0) : Ops.concatLast(outs);
            if (dropout > 0 && l < layers - 1) {
                in = Ops.dropout(in, dropout, rng, isTraining());
            }
        }
        Tensor hOut = Ops.reshape(hn.size() == 1 ? hn.get(0) : Ops.concatLast(hn), states, b, hidden);
        Tensor cOut = cn.isEmpty() ? null
                : Ops.reshape(cn.size() == 1 ? cn.get(0) : Ops.concatLast(cn), states, b, hidden);
        return new Output(in, hOut, cOut);
    }

    /** An initial state {@code [L*D, B, H]} as one row {@code [1, L*D*B*H]} to take slices of, or null. */
    private Tensor flatState(Tensor s, String name, int b, int states) {
        if (s == null) {
            return null;
        }
        if (s.rank() != 3 || s.dim(0) != states || s.dim(1) != b || s.dim(2) != hidden) {
            throw new IllegalArgumentException(kind + ": " + name + " must be [" + states + ", " + b + ", " + hidden
                    + "] (layers x directions, batch, hidden), got " + java.util.Arrays.toString(s.shape()));
        }
        return Ops.reshape(s, 1, states * b * hidden);
    }
}
