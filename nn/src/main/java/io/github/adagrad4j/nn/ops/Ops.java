package io.github.adagrad4j.nn.ops;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The differentiable operations: each computes its result and records how to send the gradient
 * back to its inputs. Shapes are checked here, at the boundary, with messages naming both shapes.
 *
 * <pre>{@code
 * Tensor h = Ops.relu(Ops.linear(x, w1, b1));
 * Tensor loss = Ops.crossEntropy(Ops.linear(h, w2, b2), labels);
 * loss.backward();
 * }</pre>
 */
public final class Ops {
    private Ops() {
    }

    private static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }

    private static void requireRank(String op, Tensor t, int rank, String what) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": " + what + " must have rank " + rank + ", got shape " + shape(t));
        }
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shapes differ, " + shape(a) + " vs " + shape(b));
        }
    }

    private static void accumulate(Tensor t, float[] delta) {
        if (t.requiresGrad()) {
            float[] g = t.grad();
            for (int i = 0; i < g.length; i++) {
                g[i] += delta[i];
            }
        }
    }

    /** {@code x[m, in] w[out, in]^T + b[out]}, PyTorch's {@code nn.Linear} layout; {@code b} may be null. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, false);
    }

    /**
     * {@code relu(linear(x, w, b))} as one op: the activation is applied to the product while it
     * is in cache, and the backward pass masks the incoming gradient by the output's sign (positive
     * exactly where the input of the ReLU was), so neither needs a pass or an array of its own.
     * The mask is applied to the output's gradient array in place: after {@code backward()} it
     * holds the gradient of the product before the ReLU.
     */
    public static Tensor linearRelu(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, true);
    }

    private static Tensor linear(Tensor x, Tensor w, Tensor b, boolean relu) {
        requireRank("linear", x, 2, "input");
        requireRank("linear", w, 2, "weight");
        int m = x.dim(0);
        int in = x.dim(1);
        int out = w.dim(0);
        if (w.dim(1) != in) {
            throw new IllegalArgumentException("linear: input has " + in + " features but weight " + shape(w)
                    + " expects " + w.dim(1));
        }
        if (b != null && (b.rank() != 1 || b.dim(0) != out)) {
            throw new IllegalArgumentException("linear: bias must have shape [" + out + "], got " + shape(b));
        }
        float[] y = Workspace.floats(m * out);
        if (b != null) {
            float[] bd = b.data();
            for (int r = 0; r < m; r++) {
                System.arraycopy(bd, 0, y, r * out, out);
            }
        }
        Blas.gemm(false, true, m, out, in, x.data(), 0, w.data(), 0, y, 0, b == null ? 0f : 1f);
        if (relu) {
            reluInPlace(y, 0, y.length);
        }
        return Tensor.result(y, new int[] {m, out}, o -> {
            float[] dy = o.grad();
            if (relu) {
                // This op is the only reader of its output's gradient: mask it in place.
                maskBySign(dy, y, 0, dy.length);
            }
            if (x.requiresGrad()) {
                Blas.gemm(false, false, m, in, out, dy, 0, w.data(), 0, x.grad(), 0, 1f);
            }
            if (w.requiresGrad()) {
                Blas.gemm(true, false, out, in, m, dy, 0, x.data(), 0, w.grad(), 0, 1f);
            }
            if (b != null && b.requiresGrad()) {
                float[] db = b.grad();
                for (int r = 0; r < m; r++) {
                    for (int j = 0, base = r * out; j < out; j++) {
                        db[j] += dy[base + j];
                    }
                }
            }
        }, x, w, b);
    }

    /** {@code y = max(y, 0)} on {@code [from, to)}, with NaN mapped to 0 as {@link #relu} does. */
    static void reluInPlace(float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = y[i] > 0 ? y[i] : 0f;
        }
    }

    /** Zeroes {@code dy[i]} where {@code y[i]} (a ReLU's output) is not positive, on {@code [from, to)}. */
    static void maskBySign(float[] dy, float[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            dy[i] = y[i] > 0 ? dy[i] : 0f;
        }
    }

    /** Matrix product {@code a[m, k] b[k, n]}. */
    public static Tensor matmul(Tensor a, Tensor b) {
        requireRank("matmul", a, 2, "left operand");
        requireRank("matmul", b, 2, "right operand");
        int m = a.dim(0);
        int k = a.dim(1);
        int n = b.dim(1);
        if (b.dim(0) != k) {
            throw new IllegalArgumentException("matmul: " + shape(a) + " x " + shape(b) + ": inner dimensions differ");
        }
        float[] c = Workspace.floats(m * n);
        Blas.gemm(false, false, m, n, k, a.data(), 0, b.data(), 0, c, 0, 0f);
        return Tensor.result(c, new int[] {m, n}, o -> {
            if (a.requiresGrad()) {
                Blas.gemm(false, true, m, k, n, o.grad(), 0, b.data(), 0, a.grad(), 0, 1f);
            }
            if (b.requiresGrad()) {
                Blas.gemm(true, false, k, n, m, a.data(), 0, o.grad(), 0, b.grad(), 0, 1f);
            }
        }, a, b);
    }

    /** Element-wise sum of two tensors of one shape. */
    public static Tensor add(Tensor a, Tensor b) {
        requireSameShape("add", a, b);
        float[] x = a.data();
        float[] y = b.data();
        float[] z = Workspace.floats(x.length);
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] + y[i];
        }
        return Tensor.result(z, a.shape(), o -> {
            accumulate(a, o.grad());
            accumulate(b, o.grad());
        }, a, b);
    }

    /** Adds {@code bias[c]} along dimension 1 of {@code x[n, c, ...]} (a channel bias). */
    public static Tensor addChannelBias(Tensor x, Tensor bias) {
        int n = x.dim(0);
        int c = x.dim(1);
        if (bias.rank() != 1 || bias.dim(0) != c) {
            throw new IllegalArgumentException("bias must have shape [" + c + "] for input " + shape(x) + ", got "
                    + shape(bias));
        }
        int inner = x.size() / Math.max(1, n * c);
        float[] xd = x.data();
        float[] bd = bias.data();
        float[] y = Workspace.floats(xd.length);
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < c; ch++) {
                int base = (s * c + ch) * inner;
                float bv = bd[ch];
                for (int i = 0; i < inner; i++) {
                    y[base + i] = xd[base + i] + bv;
                }
            }
        }
        return Tensor.result(y, x.shape(), o -> {
            float[] dy = o.grad();
            accumulate(x, dy);
            if (bias.requiresGrad()) {
                float[] db = bias.grad();
                for (int s = 0; s < n; s++) {
                    for (int ch = 0; ch < c; ch++) {
                        int base = (s * c + ch) * inner;
                        float sum = 0;
                        for (int i = 0; i < inner; i++) {
                            sum += dy[base + i];
                        }
                        db[ch] += sum;
                    }
                }
            }
        }, x, bias);
    }

    public static Tensor relu(Tensor x) {
        float[] xd = x.data();
        float[] y = Workspace.floats(xd.length);
        for (int i = 0; i < y.length; i++) {
            y[i] = xd[i] > 0 ? xd[i] : 0f;
        }
        return Tensor.result(y, x.shape(), o -> {
            if (x.requiresGrad()) {
                float[] dy = o.grad();
                float[] dx = x.grad();
                for (int i = 0; i < dx.length; i++) {
                    if (xd[i] > 0) {
                        dx[i] += dy[i];
                    }
                }
            }
        }, x);
    }

    public static Tensor sigmoid(Tensor x) {
        float[] xd = x.data();
        float[] y = Workspace.floats(xd.length);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) (1 / (1 + Math.exp(-xd[i])));
        }
        return Tensor.result(y, x.shape(), o -> {
            if (x.requiresGrad()) {
                float[] dy = o.grad();
                float[] dx = x.grad();
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += dy[i] * y[i] * (1 - y[i]);
                }
            }
        }, x);
    }

    public static Tensor tanh(Tensor x) {
        float[] xd = x.data();
        float[] y = Workspace.floats(xd.length);
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) Math.tanh(xd[i]);
        }
        return Tensor.result(y, x.shape(), o -> {
            if (x.requiresGrad()) {
                float[] dy = o.grad();
                float[] dx = x.grad();
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += dy[i] * (1 - y[i] * y[i]);
                }
            }
        }, x);
    }

    /** Row-wise softmax of {@code x[m, c]}, computed stably (max subtracted). */
    public static Tensor softmax(Tensor x) {
        requireRank("softmax", x, 2, "input");
        int m = x.dim(0);
        int c = x.dim(1);
        float[] y = softmaxRows(x.data(), m, c);
        return Tensor.result(y, x.shape(), o -> {
            if (x.requiresGrad()) {
                float[] dy = o.grad();
                float[] dx = x.grad();
                for (int r = 0; r < m; r++) {
                    int base = r * c;
                    double dot = 0;
                    for (int j = 0; j < c; j++) {
                        dot += dy[base + j] * y[base + j];
                    }
                    for (int j = 0; j < c; j++) {
                        dx[base + j] += (float) (y[base + j] * (dy[base + j] - dot));
                    }
                }
            }
        }, x);
    }

    /** Row-wise softmax of a plain {@code [m, c]} array. */
    public static float[] softmaxRows(float[] x, int m, int c) {
        float[] y = Workspace.floats(m * c);
        for (int r = 0; r < m; r++) {
            int base = r * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, x[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(x[base + j] - max);
                y[base + j] = (float) e;
                sum += e;
            }
            float inv = (float) (1 / sum);
            for (int j = 0; j < c; j++) {
                y[base + j] *= inv;
            }
        }
        return y;
    }

    /**
     * Mean cross-entropy of {@code logits[m, c]} against class indices: log-softmax and negative
     * log-likelihood fused, as {@code torch.nn.functional.cross_entropy}. Its gradient is
     * {@code (softmax - onehot) / m}.
     */
    public static Tensor crossEntropy(Tensor logits, int[] labels) {
        requireRank("crossEntropy", logits, 2, "logits");
        int m = logits.dim(0);
        int c = logits.dim(1);
        if (labels.length != m) {
            throw new IllegalArgumentException("crossEntropy: " + m + " rows of logits but " + labels.length + " labels");
        }
        float[] z = logits.data();
        float[] p = Workspace.floats(m * c);
        double loss = 0;
        for (int r = 0; r < m; r++) {
            int label = labels[r];
            if (label < 0 || label >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + label + " of row " + r + " is outside [0, "
                        + c + ")");
            }
            int base = r * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, z[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(z[base + j] - max);
                p[base + j] = (float) e;
                sum += e;
            }
            loss += Math.log(sum) + max - z[base + label];
            float inv = (float) (1 / sum);
            for (int j = 0; j < c; j++) {
                p[base + j] *= inv;
            }
        }
        float mean = (float) (loss / m);
        return Tensor.result(new float[] {mean}, new int[] {1}, o -> {
            if (logits.requiresGrad()) {
                float scale = o.grad()[0] / m;
                float[] dz = logits.grad();
                for (int r = 0; r < m; r++) {
                    int base = r * c;
                    for (int j = 0; j < c; j++) {
                        dz[base + j] += scale * (p[base + j] - (j == labels[r] ? 1f : 0f));
                    }
                }
            }
        }, logits);
    }

    /** Mean squared error over all elements. */
    public static Tensor mse(Tensor pred, Tensor target) {
        requireSameShape("mse", pred, target);
        float[] p = pred.data();
        float[] t = target.data();
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            s += d * d;
        }
        int n = p.length;
        return Tensor.result(new float[] {(float) (s / n)}, new int[] {1}, o -> {
            float k = 2f * o.grad()[0] / n;
            if (pred.requiresGrad()) {
                float[] dp = pred.grad();
                for (int i = 0; i < n; i++) {
                    dp[i] += k * (p[i] - t[i]);
                }
            }
            if (target.requiresGrad()) {
                float[] dt = target.grad();
                for (int i = 0; i < n; i++) {
                    dt[i] -= k * (p[i] - t[i]);
                }
            }
        }, pred, target);
    }

    /** Mean absolute error; the subgradient at 0 is 0, as PyTorch's {@code l1_loss}. */
    public static Tensor mae(Tensor pred, Tensor target) {
        return huberLike("mae", pred, target, 0);
    }

    /** Mean Huber loss with threshold {@code delta} (PyTorch {@code huber_loss}). */
    public static Tensor huber(Tensor pred, Tensor target, double delta) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be > 0, got " + delta);
        }
        return huberLike("huber", pred, target, delta);
    }

    /** delta = 0 is the absolute error; otherwise quadratic within delta and linear beyond. */
    private static Tensor huberLike(String op, Tensor pred, Tensor target, double delta) {
        requireSameShape(op, pred, target);
        float[] p = pred.data();
        float[] t = target.data();
        int n = p.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(p[i] - t[i]);
            s += delta > 0 && a <= delta ? 0.5 * a * a : delta > 0 ? delta * (a - 0.5 * delta) : a;
        }
        return Tensor.result(new float[] {(float) (s / n)}, new int[] {1}, o -> {
            float k = o.grad()[0] / n;
            float[] dp = pred.requiresGrad() ? pred.grad() : null;
            float[] dt = target.requiresGrad() ? target.grad() : null;
            for (int i = 0; i < n; i++) {
                float d = p[i] - t[i];
                float g = delta > 0 && Math.abs(d) <= delta ? d : (float) (Math.signum(d) * (delta > 0 ? delta : 1));
                if (dp != null) {
                    dp[i] += k * g;
                }
                if (dt != null) {
                    dt[i] -= k * g;
                }
            }
        }, pred, target);
    }

    /**
     * Mean binary cross-entropy of logits against targets in [0, 1], in the stable form
     * {@code max(z, 0) - z y + log(1 + exp(-|z|))} (PyTorch {@code binary_cross_entropy_with_logits}).
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        requireSameShape("bceWithLogits", logits, targets);
        float[] z = logits.data();
        float[] y = targets.data();
        int n = z.length;
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.max(z[i], 0) - z[i] * y[i] + Math.log1p(Math.exp(-Math.abs(z[i])));
        }
        return Tensor.result(new float[] {(float) (s / n)}, new int[] {1}, o -> {
            if (logits.requiresGrad()) {
                float k = o.grad()[0] / n;
                float[] dz = logits.grad();
                for (int i = 0; i < n; i++) {
                    dz[i] += k * (float) (1 / (1 + Math.exp(-z[i])) - y[i]);
                }
            }
        }, logits, targets);
    }

    /** Inverted dropout: in training, zeroes each element with probability {@code p} and scales the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, SplittableRandom rng, boolean training) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        float[] xd = x.data();
        float[] mask = Workspace.floats(xd.length);
        float keep = (float) (1 / (1 - p));
        float[] y = Workspace.floats(xd.length);
        for (int i = 0; i < y.length; i++) {
            mask[i] = rng.nextDouble() < p ? 0f : keep;
            y[i] = xd[i] * mask[i];
        }
        return Tensor.result(y, x.shape(), o -> {
            if (x.requiresGrad()) {
                float[] dy = o.grad();
                float[] dx = x.grad();
                for (int i = 0; i < dx.length; i++) {
                    dx[i] += dy[i] * mask[i];
                }
            }
        }, x);
    }

    /** Columns {@code [from, to)} of a {@code [rows, width]} tensor, as {@code [rows, to - from]}. */
    public static Tensor narrow(Tensor x, int from, int to) {
        int rows = x.dim(0);
        int width = x.dim(1);
        int w = to - from;
        float[] y = Workspace.floats(rows * w);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x.data(), r * width + from, y, r * w, w);
        }
        return Tensor.result(y, new int[] {rows, w}, o -> {
            float[] dy = o.grad();
            float[] dx = x.grad();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < w; j++) {
                    dx[r * width + from + j] += dy[r * w + j];
                }
            }
        }, x);
    }

    /**
     * Tensors of shape {@code [n, ..., k_i]} joined along their last dimension (the forward and
     * backward outputs of a bidirectional layer: {@code [B, T, H]} twice make {@code [B, T, 2H]}).
     */
    public static Tensor concatLast(List<Tensor> parts) {
        int[] shape = parts.get(0).shape();
        int rows = parts.get(0).size() / shape[shape.length - 1];
        int total = 0;
        for (Tensor p : parts) {
            total += p.dim(p.rank() - 1);
        }
        float[] y = Workspace.floats(rows * total);
        int off = 0;
        int[] offsets = new int[parts.size()];
        for (int k = 0; k < parts.size(); k++) {
            Tensor p = parts.get(k);
            int w = p.dim(p.rank() - 1);
            offsets[k] = off;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(p.data(), r * w, y, r * total + off, w);
            }
            off += w;
        }
        int[] out = shape.clone();
        out[out.length - 1] = total;
        int t = total;
        return Tensor.result(y, out, o -> {
            float[] dy = o.grad();
            for (int k = 0; k < parts.size(); k++) {
                Tensor p = parts.get(k);
                if (!p.requiresGrad()) {
                    continue;
                }
                int w = p.dim(p.rank() - 1);
                float[] dx = p.grad();
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < w; j++) {
                        dx[r * w + j] += dy[r * t + offsets[k] + j];
                    }
                }
            }
        }, parts.toArray(new Tensor[0]));
    }

    /** The same data under another shape with as many elements. */
    public static Tensor reshape(Tensor x, int... shape) {
        return Tensor.result(x.data(), shape, o -> accumulate(x, o.grad()), x);
    }

    /** {@code [n, ...]} to {@code [n, rest]}. */
    public static Tensor flatten(Tensor x) {
        int n = x.dim(0);
        return reshape(x, n, n == 0 ? 0 : x.size() / n);
    }

    /** Row-wise dot products of {@code a[n, k]} and {@code b[n, k]}, as {@code [n, 1]}. */
    public static Tensor rowDot(Tensor a, Tensor b) {
        requireSameShape("rowDot", a, b);
        requireRank("rowDot", a, 2, "operand");
        int n = a.dim(0);
        int k = a.dim(1);
        float[] x = a.data();
        float[] z = b.data();
        float[] y = Workspace.floats(n);
        for (int r = 0; r < n; r++) {
            float s = 0;
            for (int j = 0; j < k; j++) {
                s += x[r * k + j] * z[r * k + j];
            }
            y[r] = s;
        }
        return Tensor.result(y, new int[] {n, 1}, o -> {
            float[] dy = o.grad();
            if (a.requiresGrad()) {
                float[] da = a.grad();
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < k; j++) {
                        da[r * k + j] += dy[r] * z[r * k + j];
                    }
                }
            }
            if (b.requiresGrad()) {
                float[] db = b.grad();
                for (int r = 0; r < n; r++) {
                    for (int j = 0; j < k; j++) {
                        db[r * k + j] += dy[r] * x[r * k + j];
                    }
                }
            }
        }, a, b);
    }

    /** Rows {@code indices} of {@code weight[num, dim]}, as {@code [indices.length, dim]}, with a dense gradient. */
    public static Tensor embedding(Tensor weight, int[] indices) {
        requireRank("embedding", weight, 2, "weight");
        int num = weight.dim(0);
        int dim = weight.dim(1);
        float[] w = weight.data();
        float[] y = Workspace.floats(indices.length * dim);
        for (int r = 0; r < indices.length; r++) {
            int idx = indices[r];
            if (idx < 0 || idx >= num) {
                throw new IllegalArgumentException("embedding: index " + idx + " at position " + r
                        + " is outside [0, " + num + ")");
            }
            System.arraycopy(w, idx * dim, y, r * dim, dim);
        }
        return Tensor.result(y, new int[] {indices.length, dim}, o -> {
            if (weight.requiresGrad()) {
                float[] dy = o.grad();
                float[] dw = weight.grad();
                for (int r = 0; r < indices.length; r++) {
                    int base = indices[r] * dim;
                    for (int j = 0; j < dim; j++) {
                        dw[base + j] += dy[r * dim + j];
                    }
                }
            }
        }, weight);
    }
}
