package io.github.adagrad4j.nn.ops;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import java.util.Arrays;
import java.util.List;

/**
 * Recurrent ops with PyTorch's equations and layouts ({@code torch.nn.RNN}, {@code LSTM},
 * {@code GRU}): one direction of one layer over a whole batch of sequences as a single op, with
 * backpropagation through time in its backward. The input projections of every time step are one
 * matrix product before the loop; each step is then one product with {@code W_hh} and fused gate
 * arithmetic ({@link Gates}: Vector API exp and tanh where the JVM has the module), writing into
 * arrays taken once per call and laid out in step order. Sequences may be shorter than the batch's
 * length ({@code lengths}, as {@code pack_padded_sequence}): past its end a sequence's state is
 * carried unchanged, its outputs are zero and nothing flows back through them; in reverse it
 * starts at its own last step.
 *
 * <p>Gate order and biases are PyTorch's: LSTM {@code (i, f, g, o)}, GRU {@code (r, z, n)} with
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}.
 *
 * <pre>{@code
 * Tensor packed = Recurrent.layer(Recurrent.Kind.LSTM, x, lengths, h0, c0, wih, whh, bih, bhh, false);
 * // packed [B, (T + 2) * H]: the T outputs, then h_n, then c_n, for Recurrent.narrow to take apart
 * }</pre>
 */
public final class Recurrent {
    private Recurrent() {
    }

    /** The cell: tanh or ReLU Elman RNN, LSTM, GRU. */
    public enum Kind {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        private final int gates;

        Kind(int gates) {
            this.gates = gates;
        }

        /** The name model folders record: {@code lstm}, {@code gru}, {@code rnn_tanh} or {@code rnn_relu}. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The cell a model folder names, or an error listing the names (callers prefix the field). */
        public static Kind fromId(String id) {
            for (Kind k : values()) {
                if (k.id().equals(id)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("should be lstm, gru, rnn_tanh or rnn_relu, found '" + id + "'");
        }

        /** Gate blocks in the weights: {@code W_ih} is {@code [gates * H, I]}. */
        public int gates() {
            return gates;
        }
    }

    /**
     * One layer, one direction.
     *
     * @param x {@code [B, T, I]}
     * @param lengths each sequence's length in {@code [1, T]}, or null (all T)
     * @param h0 {@code [B, H]} initial state, or null (zeros)
     * @param c0 {@code [B, H]} initial cell (LSTM), or null (zeros)
     * @return {@code [B, (T + 2) * H]}: outputs by time step, then the final state, then the final cell
     *     (zeros except for LSTM)
     */
    public static Tensor layer(Kind kind, Tensor x, int[] lengths, Tensor h0, Tensor c0, Tensor wih, Tensor whh,
            Tensor bih, Tensor bhh, boolean reverse) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(kind + ": input must be [batch, time, features], got " + shape(x));
        }
        int b = x.dim(0);
        int steps = x.dim(1);
        int in = x.dim(2);
        int gh = wih.dim(0);
        int h = gh / kind.gates();
        if (wih.rank() != 2 || wih.dim(1) != in || gh % kind.gates() != 0) {
            throw new IllegalArgumentException(kind + ": input has " + in + " features but weight_ih is " + shape(wih));
        }
        if (whh.rank() != 2 || whh.dim(0) != gh || whh.dim(1) != h) {
            throw new IllegalArgumentException(kind + ": weight_hh must be [" + gh + ", " + h + "], got " + shape(whh));
        }
        for (Tensor s : new Tensor[] {h0, c0}) {
            if (s != null && (s.rank() != 2 || s.dim(0) != b || s.dim(1) != h)) {
                throw new IllegalArgumentException(kind + ": an initial state must be [" + b + ", " + h + "] (batch, "
                        + "hidden), got " + shape(s));
            }
        }
        int[] len = lengths(lengths, b, steps, kind);
        // Without a backward (under Tensor.noGrad(): predicting, serving) no step's gates or state are
        // needed after the next step: two state rows and one step of gates suffice, and the working
        // arrays come from Workspace.scratch, which serves any length. A server's batches differ in
        // size and length on nearly every call, and exact-length arrays were then new each time:
        // their allocation and zeroing cost as much as the recurrence's matrix products.
        boolean keep = false;
        for (Tensor t : new Tensor[] {x, h0, c0, wih, whh, bih, bhh}) {
            keep |= t != null && t.requiresGrad();
        }
        // The inputs in step order: row s * B + r is what sequence r reads at its step s (time s, or
        // len - 1 - s in reverse), zeros past its end. Everything per step (the input projections,
        // their gradients) is then one contiguous block, and in backward the input projections'
        // gradients are the recurrent ones (LSTM, RNN), in the same order: no second copy of them.
        float[] xs = keep ? Workspace.floats(steps * b * in) : Workspace.scratch(steps * b * in);
        for (int s = 0; s < steps; s++) {
            for (int r = 0; r < b; r++) {
                int to = (s * b + r) * in;
                if (s < len[r]) {
                    int t = reverse ? len[r] - 1 - s : s;
                    System.arraycopy(x.data(), (r * steps + t) * in, xs, to, in);
                } else {
                    Arrays.fill(xs, to, to + in, 0f);
                }
            }
        }
        // Input projections of all steps at once: [T*B, G*H]. Outside GRU's n gate both biases simply
        // add, so they go in here once rather than into every step's recurrent product.
        boolean gru = kind == Kind.GRU;
        float[] bias = gru ? bih.data() : Workspace.floats(gh);
        if (!gru) {
            for (int j = 0; j < gh; j++) {
                bias[j] = bih.data()[j] + bhh.data()[j];
            }
        }
        float[] xp = keep ? Workspace.floats(steps * b * gh) : Workspace.scratch(steps * b * gh);
        for (int r = 0; r < b * steps; r++) {
            System.arraycopy(bias, 0, xp, r * gh, gh);
        }
        Blas.gemm(false, true, b * steps, gh, in, xs, 0, wih.data(), 0, xp, 0, 1f);
        // Per step: the state before it, the gates after their nonlinearities, the cell after it,
        // and for GRU the recurrent part of n (W_hn h + b_hn). Without a backward, states and cells
        // alternate between two rows and each step's gates overwrite the last's.
        float[] states = keep ? Workspace.floats((steps + 1) * b * h) : Workspace.scratch(2 * b * h);
        float[] cells = kind != Kind.LSTM ? null
                : keep ? Workspace.floats((steps + 1) * b * h) : Workspace.scratch(2 * b * h);
        float[] acts = keep ? Workspace.floats(steps * b * gh) : Workspace.scratch(b * gh);
        // GRU: the recurrent part of n (W_hn h + b_hn); LSTM: tanh of the new cell. Both for backward.
        float[] hn = kind == Kind.RNN_TANH || kind == Kind.RNN_RELU ? null
                : keep ? Workspace.floats(steps * b * h) : Workspace.scratch(b * h);
        float[] hh = keep ? Workspace.floats(b * gh) : Workspace.scratch(b * gh);
        if (h0 != null) {
            System.arraycopy(h0.data(), 0, states, 0, b * h);
        } else {
            Arrays.fill(states, 0, b * h, 0f);
        }
        if (cells != null) {
            if (c0 != null) {
                System.arraycopy(c0.data(), 0, cells, 0, b * h);
            } else {
                Arrays.fill(cells, 0, b * h, 0f);
            }
        }
        // Without padding every output step is written, so only the c_n slot of a cell-less kind needs zeros.
        boolean padded = padded(len, steps);
        float[] out = padded ? Workspace.zeros(b * (steps + 2) * h) : Workspace.floats(b * (steps + 2) * h);
        int width = (steps + 2) * h;
        // A step's product on a few rows goes through SmallProduct (on W_hh transposed once here): a BLAS
        // call's own cost is most of such a step. The choice depends on the shapes only, so a layer
        // with and without a backward computes the same bits.
        boolean small = SmallProduct.small(b, gh, h);
        float[] whhT = small ? SmallProduct.transpose(whh.data(), gh, h, Workspace.scratch(gh * h)) : null;
        for (int s = 0; s < steps; s++) {
            int prev = (keep ? s : s & 1) * b * h;
            int next = (keep ? s + 1 : (s + 1) & 1) * b * h;
            if (gru) {
                for (int r = 0; r < b; r++) {
                    System.arraycopy(bhh.data(), 0, hh, r * gh, gh);
                }
            }
            if (small) {
                SmallProduct.multiply(b, gh, h, states, prev, whhT, hh, 0, gru);
            } else {
                Blas.gemm(false, true, b, gh, h, states, prev, whh.data(), 0, hh, 0, gru ? 1f : 0f);
            }
            for (int r = 0; r < b; r++) {
                int hp = prev + r * h;
                int hq = next + r * h;
                if (s >= len[r]) {
                    System.arraycopy(states, hp, states, hq, h);
                    if (cells != null) {
                        System.arraycopy(cells, hp, cells, hq, h);
                    }
                    continue;
                }
                int t = reverse ? len[r] - 1 - s : s;
                int xo = (s * b + r) * gh;
                int ao = keep ? xo : r * gh;
                int no = (keep ? s * b + r : r) * h;
                int ho = r * gh;
                switch (kind) {
                    case RNN_TANH, RNN_RELU -> Gates.rnn(kind == Kind.RNN_RELU, xp, xo, hh, ho, acts, ao, states, hq, h);
                    case LSTM -> Gates.lstm(xp, xo, hh, ho, acts, ao, cells, hp, hq, hn, no, states, hq, h);
                    case GRU -> Gates.gru(xp, xo, hh, ho, acts, ao, hn, no, states, hp, hq, h);
                }
                System.arraycopy(states, hq, out, r * width + t * h, h);
            }
        }
        int last = (keep ? steps : steps & 1) * b * h;
        for (int r = 0; r < b; r++) {
            System.arraycopy(states, last + r * h, out, r * width + steps * h, h);
            if (cells != null) {
                System.arraycopy(cells, last + r * h, out, r * width + (steps + 1) * h, h);
            } else {
                Arrays.fill(out, r * width + (steps + 1) * h, (r + 1) * width, 0f);
            }
        }
        int[] lens = len;
        return Tensor.result(out, new int[] {b, width}, o -> backward(kind, o.grad(), x, xs, lens, h0, c0, wih, whh, bih,
                bhh, reverse, states, cells, acts, hn, b, steps, in, h), x, h0, c0, wih, whh, bih, bhh);
    }

    private static void backward(Kind kind, float[] dout, Tensor x, float[] xs, int[] len, Tensor h0, Tensor c0,
            Tensor wih, Tensor whh, Tensor bih, Tensor bhh, boolean reverse, float[] states, float[] cells,
            float[] acts, float[] hn, int b, int steps, int in, int h) {
        int g = kind.gates();
        int gh = g * h;
        int width = (steps + 2) * h;
        float[] dh = Workspace.floats(b * h);
        float[] dc = kind == Kind.LSTM ? Workspace.floats(b * h) : null;
        for (int r = 0; r < b; r++) {
            System.arraycopy(dout, r * width + steps * h, dh, r * h, h);
            if (dc != null) {
                System.arraycopy(dout, r * width + (steps + 1) * h, dc, r * h, h);
            }
        }
        // Every step's gradients of the recurrent pre-activations, in step order, kept so that W_hh's
        // gradient is one product over all steps at the end (k = steps * batch) instead of a thin one
        // per step. For LSTM and RNN they are also the input projections' gradients; GRU's differ in
        // the n gate (r multiplies only the recurrent part), so GRU keeps those apart in dxp.
        float[] dhhAll = Workspace.floats(steps * b * gh);
        float[] dxp = kind == Kind.GRU ? Workspace.floats(steps * b * gh) : dhhAll;
        float[] dhPrev = Workspace.floats(b * h);
        float[] dwhh = whh.requiresGrad() ? whh.grad() : null;
        float[] dbhh = bhh.requiresGrad() ? bhh.grad() : null;
        for (int s = steps - 1; s >= 0; s--) {
            int prev = s * b * h;
            int base = s * b * gh;
            for (int r = 0; r < b; r++) {
                int ho = base + r * gh;
                int hr = r * h;
                if (s >= len[r]) {
                    Arrays.fill(dhhAll, ho, ho + gh, 0f);
                    if (dxp != dhhAll) {
                        Arrays.fill(dxp, ho, ho + gh, 0f);
                    }
                    continue;
                }
                int t = reverse ? len[r] - 1 - s : s;
                int dOut = r * width + t * h;
                switch (kind) {
                    case RNN_TANH, RNN_RELU -> Gates.rnnBackward(kind == Kind.RNN_RELU, acts, ho, dh, hr, dout, dOut,
                            dhhAll, ho, h);
                    case LSTM -> Gates.lstmBackward(acts, ho, hn, (s * b + r) * h, cells, prev + hr, dh, hr, dout, dOut,
                            dc, dhhAll, ho, h);
                    case GRU -> Gates.gruBackward(acts, ho, hn, (s * b + r) * h, states, prev + hr, dh, hr, dout, dOut,
                            dhhAll, ho, dxp, ho, h);
                }
            }
            Blas.gemm(false, false, b, h, gh, dhhAll, base, whh.data(), 0, dhPrev, 0, 0f);
            for (int r = 0; r < b; r++) {
                int hr = r * h;
                if (s >= len[r]) {
                    continue;   // padding: the state passed through unchanged, and so does its gradient
                }
                if (kind == Kind.GRU) {
                    int ao = (s * b + r) * gh;
                    for (int j = 0; j < h; j++) {
                        dh[hr + j] = dhPrev[hr + j] + dh[hr + j] * acts[ao + h + j];
                    }
                } else {
                    System.arraycopy(dhPrev, hr, dh, hr, h);
                }
            }
        }
        if (dwhh != null) {
            // The states before steps 0..T-1 are the first T blocks of `states`, in the same order as dhhAll.
            Blas.gemm(true, false, gh, h, steps * b, dhhAll, 0, states, 0, dwhh, 0, 1f);
        }
        // LSTM/RNN: both biases get the same gradient, summed once.
        float[] sums = null;
        if (dbhh != null) {
            sums = Workspace.zeros(gh);
            columnSums(dhhAll, steps * b, gh, sums);
            add(dbhh, sums);
        }
        if (h0 != null && h0.requiresGrad()) {
            add(h0.grad(), dh);
        }
        if (c0 != null && c0.requiresGrad() && dc != null) {
            add(c0.grad(), dc);
        }
        if (wih.requiresGrad()) {
            Blas.gemm(true, false, gh, in, b * steps, dxp, 0, xs, 0, wih.grad(), 0, 1f);
        }
        if (bih.requiresGrad()) {
            if (dxp == dhhAll && sums != null) {
                add(bih.grad(), sums);
            } else {
                columnSums(dxp, steps * b, gh, bih.grad());
            }
        }
        if (x.requiresGrad()) {
            // In step order, then back to each sequence's own times.
            float[] dxs = Workspace.floats(steps * b * in);
            Blas.gemm(false, false, b * steps, in, gh, dxp, 0, wih.data(), 0, dxs, 0, 0f);
            float[] dx = x.grad();
            for (int s = 0; s < steps; s++) {
                for (int r = 0; r < b; r++) {
                    if (s < len[r]) {
                        int t = reverse ? len[r] - 1 - s : s;
                        int from = (s * b + r) * in;
                        int to = (r * steps + t) * in;
                        for (int k = 0; k < in; k++) {
                            dx[to + k] += dxs[from + k];
                        }
                    }
                }
            }
        }
    }

    /** Adds the sums of the {@code rows} rows of {@code a} ({@code [rows, width]}) into {@code into}. */
    private static void columnSums(float[] a, int rows, int width, float[] into) {
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                into[j] += a[o + j];
            }
        }
    }

    private static void add(float[] into, float[] v) {
        for (int i = 0; i < v.length; i++) {
            into[i] += v[i];
        }
    }

    private static boolean padded(int[] len, int steps) {
        for (int l : len) {
            if (l < steps) {
                return true;
            }
        }
        return false;
    }

    private static int[] lengths(int[] lengths, int b, int steps, Kind kind) {
        int[] len = new int[b];
        if (lengths == null) {
            Arrays.fill(len, steps);
            return len;
        }
        if (lengths.length != b) {
            throw new IllegalArgumentException(kind + ": " + lengths.length + " lengths for a batch of " + b
                    + " sequences");
        }
        for (int r = 0; r < b; r++) {
            if (lengths[r] < 1 || lengths[r] > steps) {
                throw new IllegalArgumentException(kind + ": sequence " + r + " has length " + lengths[r]
                        + ", expected 1 to " + steps + " (the batch's time steps)");
            }
            len[r] = lengths[r];
        }
        return len;
    }

    /**
     * Mean over each sequence's own steps: {@code [B, T, F]} with lengths to {@code [B, F]}; padded
     * steps neither count nor get gradient (mean pooling of a recurrent layer's outputs).
     */
    public static Tensor meanOverTime(Tensor x, int[] lengths) {
        int b = x.dim(0);
        int steps = x.dim(1);
        int f = x.dim(2);
        int[] len = lengths(lengths, b, steps, Kind.RNN_TANH);
        float[] y = Workspace.zeros(b * f);
        float[] d = x.data();
        for (int r = 0; r < b; r++) {
            float inv = 1f / len[r];
            for (int t = 0; t < len[r]; t++) {
                int base = (r * steps + t) * f;
                for (int j = 0; j < f; j++) {
                    y[r * f + j] += d[base + j];
                }
            }
            for (int j = 0; j < f; j++) {
                y[r * f + j] *= inv;
            }
        }
        return Tensor.result(y, new int[] {b, f}, o -> {
            float[] dy = o.grad();
            float[] dx = x.grad();
            for (int r = 0; r < b; r++) {
                float inv = 1f / len[r];
                for (int t = 0; t < len[r]; t++) {
                    int base = (r * steps + t) * f;
                    for (int j = 0; j < f; j++) {
                        dx[base + j] += dy[r * f + j] * inv;
                    }
                }
            }
        }, x);
    }

    private static String shape(Tensor t) {
        return t == null ? "null" : Arrays.toString(t.shape());
    }
}
