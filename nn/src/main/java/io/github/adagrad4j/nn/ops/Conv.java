package io.github.adagrad4j.nn.ops;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.optim.ParallelRunner;
import java.util.Arrays;

/**
 * 2-D convolution (im2col + GEMM) and max pooling on {@code [batch, channels, height, width]}
 * tensors, PyTorch's layout and semantics ({@code F.conv2d}, {@code F.max_pool2d}).
 *
 * <pre>{@code
 * Tensor y = Conv.conv2d(x, w, b, 1, 1);   // x [n, 1, 28, 28], w [32, 1, 3, 3] -> y [n, 32, 28, 28]
 * Tensor p = Conv.maxPool2d(y, 2, 2);      // -> [n, 32, 14, 14]
 * }</pre>
 */
public final class Conv {
    /** Blocks of images whose weight gradients are summed separately, then in order (at most). */
    private static final int BLOCKS = 16;

    private Conv() {
    }

    private static int outSize(String op, int in, int k, int stride, int pad) {
        int out = (in + 2 * pad - k) / stride + 1;
        if (out <= 0 || in + 2 * pad < k) {
            throw new IllegalArgumentException(op + ": kernel " + k + " does not fit an input of size " + in
                    + " with padding " + pad);
        }
        return out;
    }

    /** {@code x[n, c, h, w]} convolved with {@code weight[o, c, kh, kw]}, plus {@code bias[o]} (may be null). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, stride, padding, false);
    }

    /**
     * {@code relu(conv2d(...))} as one op: the activation is applied to each image's output while it
     * is in cache, and the backward pass masks the gradient by the output's sign, image by image
     * (in place: after {@code backward()} the output's gradient array holds the gradient before the
     * ReLU, as for {@link Ops#linearRelu}).
     */
    public static Tensor conv2dRelu(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, stride, padding, true);
    }

    private static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, boolean relu) {
        if (x.rank() != 4 || weight.rank() != 4) {
            throw new IllegalArgumentException("conv2d: input and weight must have rank 4, got " + Arrays.toString(x.shape())
                    + " and " + Arrays.toString(weight.shape()));
        }
        if (stride < 1 || padding < 0) {
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got " + stride + ", "
                    + padding);
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int wd = x.dim(3);
        int o = weight.dim(0);
        int kh = weight.dim(2);
        int kw = weight.dim(3);
        if (weight.dim(1) != c) {
            throw new IllegalArgumentException("conv2d: input has " + c + " channels but weight "
                    + Arrays.toString(weight.shape()) + " expects " + weight.dim(1));
        }
        int oh = outSize("conv2d", h, kh, stride, padding);
        int ow = outSize("conv2d", wd, kw, stride, padding);
        float[] b = null;
        if (bias != null) {
            if (bias.rank() != 1 || bias.dim(0) != o) {
                throw new IllegalArgumentException("conv2d: bias must have shape [" + o + "], got "
                        + Arrays.toString(bias.shape()));
            }
            b = bias.data();
        }
        int ckk = c * kh * kw;
        int ohw = oh * ow;
        int imgIn = c * h * wd;
        int imgOut = o * ohw;
        float[] xd = x.data();
        float[] wt = weight.data();
        float[] y = Workspace.floats(n * imgOut);
        int threads = Blas.threads();
        // Image by image: one image's columns [c*kh*kw, oh*ow] (a few hundred KB) stay in cache between
        // im2col and the product, the product writes the image's output in place (NCHW, no reordering),
        // and images run in parallel, each worker with its own column buffer.
        float[] cols = Workspace.floats(threads * ckk * ohw);
        float[] bd = b;
        ParallelRunner.run(threads, n, (s, worker) -> {
            int colAt = worker * ckk * ohw;
            int yAt = s * imgOut;
            im2col(xd, s * imgIn, c, h, wd, kh, kw, stride, padding, oh, ow, cols, colAt, ohw);
            if (bd != null) {
                for (int ch = 0; ch < o; ch++) {
                    Arrays.fill(y, yAt + ch * ohw, yAt + (ch + 1) * ohw, bd[ch]);
                }
            }
            Blas.gemmHere(false, false, o, ohw, ckk, wt, 0, cols, colAt, y, yAt, bd == null ? 0f : 1f);
            if (relu) {
                Ops.reluInPlace(y, yAt, yAt + imgOut);
            }
        });
        return Tensor.result(y, new int[] {n, o, oh, ow}, out -> {
            float[] dy = out.grad();
            boolean needW = weight.requiresGrad();
            boolean needX = x.requiresGrad();
            boolean needB = bias != null && bias.requiresGrad();
            // Weight and bias gradients sum over images: each of a fixed number of blocks of images
            // sums into its own partial, and the partials are added in block order, so the result
            // does not depend on the number of threads.
            int per = (n + BLOCKS - 1) / BLOCKS;
            int blocks = (n + per - 1) / per;
            float[] dW = needW ? Workspace.zeros(blocks * o * ckk) : null;
            float[] dB = needB ? Workspace.zeros(blocks * o) : null;
            float[] dx = needX ? x.grad() : null;
            float[] scratch = Workspace.floats(threads * 2 * ckk * ohw);
            ParallelRunner.run(threads, blocks, (blk, worker) -> {
                int colAt = worker * 2 * ckk * ohw;
                int dcolAt = colAt + ckk * ohw;
                for (int s = blk * per, end = Math.min(n, s + per); s < end; s++) {
                    int yAt = s * imgOut;
                    if (relu) {
                        // This op is the only reader of its output's gradient: mask it in place.
                        Ops.maskBySign(dy, y, yAt, yAt + imgOut);
                    }
                    if (needW) {
                        im2col(xd, s * imgIn, c, h, wd, kh, kw, stride, padding, oh, ow, scratch, colAt, ohw);
                        Blas.gemmHere(false, true, o, ckk, ohw, dy, yAt, scratch, colAt, dW, blk * o * ckk, 1f);
                    }
                    if (needX) {
                        Blas.gemmHere(true, false, ckk, ohw, o, wt, 0, dy, yAt, scratch, dcolAt, 0f);
                        col2im(scratch, dcolAt, ohw, c, h, wd, kh, kw, stride, padding, oh, ow, dx, s * imgIn);
                    }
                    if (needB) {
                        for (int ch = 0; ch < o; ch++) {
                            float sum = 0;
                            for (int i = yAt + ch * ohw, e = i + ohw; i < e; i++) {
                                sum += dy[i];
                            }
                            dB[blk * o + ch] += sum;
                        }
                    }
                }
            });
            if (needW) {
                addBlocks(dW, blocks, weight.grad());
            }
            if (needB) {
                addBlocks(dB, blocks, bias.grad());
            }
        }, x, weight, bias);
    }

    /** {@code into += } the sum of {@code blocks} consecutive partials of {@code into.length} each, in order. */
    private static void addBlocks(float[] partials, int blocks, float[] into) {
        int len = into.length;
        for (int blk = 0; blk < blocks; blk++) {
            for (int i = 0, at = blk * len; i < len; i++) {
                into[i] += partials[at + i];
            }
        }
    }

    /**
     * Unfolds one image into columns {@code [colOff, colOff + oh*ow)} of {@code cols}, a
     * {@code [c*kh*kw, ld]} row-major matrix; padding positions get zeros (the buffer may be reused).
     */
    static void im2col(float[] x, int off, int c, int h, int w, int kh, int kw, int stride, int pad, int oh, int ow,
            float[] cols, int colOff, int ld) {
        int row = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, row++) {
                    // Output columns j whose input column j*stride - pad + kj lies inside the image.
                    int jlo = Math.max(0, ceilDiv(pad - kj, stride));
                    int jhi = Math.min(ow, ceilDiv(w + pad - kj, stride));
                    for (int i = 0; i < oh; i++) {
                        int yi = i * stride - pad + ki;
                        int dst = row * ld + colOff + i * ow;
                        if (yi < 0 || yi >= h || jlo >= jhi) {
                            Arrays.fill(cols, dst, dst + ow, 0f);
                            continue;
                        }
                        Arrays.fill(cols, dst, dst + jlo, 0f);
                        Arrays.fill(cols, dst + jhi, dst + ow, 0f);
                        int src = off + (ch * h + yi) * w - pad + kj;
                        if (stride == 1) {
                            System.arraycopy(x, src + jlo, cols, dst + jlo, jhi - jlo);
                        } else {
                            for (int j = jlo; j < jhi; j++) {
                                cols[dst + j] = x[src + j * stride];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds columns {@code [colOff, colOff + oh*ow)} of {@code cols} back into one image's gradient: the adjoint of {@link #im2col}. */
    static void col2im(float[] cols, int colOff, int ld, int c, int h, int w, int kh, int kw, int stride, int pad, int oh,
            int ow, float[] dx, int off) {
        int row = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int ki = 0; ki < kh; ki++) {
                for (int kj = 0; kj < kw; kj++, row++) {
                    int jlo = Math.max(0, ceilDiv(pad - kj, stride));
                    int jhi = Math.min(ow, ceilDiv(w + pad - kj, stride));
                    for (int i = 0; i < oh; i++) {
                        int yi = i * stride - pad + ki;
                        if (yi < 0 || yi >= h) {
                            continue;
                        }
                        int srcRow = row * ld + colOff + i * ow;
                        int dstRow = off + (ch * h + yi) * w - pad + kj;
                        for (int j = jlo; j < jhi; j++) {
                            dx[dstRow + j * stride] += cols[srcRow + j];
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** Max over {@code k x k} windows moved by {@code stride}; the gradient goes to the maximum (first on ties). */
    public static Tensor maxPool2d(Tensor x, int k, int stride) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("maxPool2d: input must have rank 4, got " + Arrays.toString(x.shape()));
        }
        if (k < 1 || stride < 1) {
            throw new IllegalArgumentException("maxPool2d: kernel and stride must be >= 1, got " + k + ", " + stride);
        }
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = outSize("maxPool2d", h, k, stride, 0);
        int ow = outSize("maxPool2d", w, k, stride, 0);
        float[] xd = x.data();
        float[] y = Workspace.floats(n * c * oh * ow);
        // Where each maximum came from, for the backward pass; not needed without a gradient.
        int[] arg = x.requiresGrad() ? Workspace.ints(y.length) : null;
        int planes = n * c;
        int perTask = Math.max(1, (1 << 14) / Math.max(1, oh * ow));
        ParallelRunner.run(Blas.threads(), (planes + perTask - 1) / perTask, t -> {
            for (int plane = t * perTask, end = Math.min(planes, plane + perTask); plane < end; plane++) {
                if (k == 2 && stride == 2) {
                    pool2x2(xd, plane * h * w, w, oh, ow, y, plane * oh * ow, arg);
                } else {
                    pool(xd, plane * h * w, w, k, stride, oh, ow, y, plane * oh * ow, arg);
                }
            }
        });
        return Tensor.result(y, new int[] {n, c, oh, ow}, out -> {
            if (x.requiresGrad()) {
                float[] dy = out.grad();
                float[] dx = x.grad();
                for (int i = 0; i < dy.length; i++) {
                    dx[arg[i]] += dy[i];
                }
            }
        }, x);
    }

    /**
     * One plane: the maximum of each window, the first one met in row-major order on ties;
     * {@code arg}, when not null, receives its index in {@code x}.
     */
    private static void pool(float[] x, int base, int w, int k, int stride, int oh, int ow, float[] y, int at, int[] arg) {
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++, at++) {
                float best = Float.NEGATIVE_INFINITY;
                int bestAt = base + i * stride * w + j * stride;
                for (int di = 0; di < k; di++) {
                    int rowBase = base + (i * stride + di) * w + j * stride;
                    for (int dj = 0; dj < k; dj++) {
                        float v = x[rowBase + dj];
                        if (v > best) {
                            best = v;
                            bestAt = rowBase + dj;
                        }
                    }
                }
                y[at] = best;
                if (arg != null) {
                    arg[at] = bestAt;
                }
            }
        }
    }

    /** {@link #pool} for 2x2 windows moved by 2, the CNNs' case, unrolled: same comparisons in the same order. */
    private static void pool2x2(float[] x, int base, int w, int oh, int ow, float[] y, int at, int[] arg) {
        for (int i = 0; i < oh; i++) {
            int r0 = base + 2 * i * w;
            int r1 = r0 + w;
            for (int j = 0; j < ow; j++, at++) {
                int a = r0 + 2 * j;
                int c = r1 + 2 * j;
                float best = Float.NEGATIVE_INFINITY;
                int bestAt = a;
                if (x[a] > best) {
                    best = x[a];
                }
                if (x[a + 1] > best) {
                    best = x[a + 1];
                    bestAt = a + 1;
                }
                if (x[c] > best) {
                    best = x[c];
                    bestAt = c;
                }
                if (x[c + 1] > best) {
                    best = x[c + 1];
                    bestAt = c + 1;
                }
                y[at] = best;
                if (arg != null) {
                    arg[at] = bestAt;
                }
            }
        }
    }
}
