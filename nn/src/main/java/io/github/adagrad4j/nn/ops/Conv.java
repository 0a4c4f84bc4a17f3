package io.github.adagrad4j.nn.ops;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
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
        int ckk = c * kh * kw;
        int ohw = oh * ow;
        int cols = n * ohw;
        float[] xd = x.data();
        // All images unfolded side by side, [c*kh*kw, n*oh*ow], so that the whole batch is one GEMM
        // (large enough for BLAS to run near peak) instead of n small ones.
        float[] unfolded = Workspace.floats(ckk * cols);
        for (int s = 0; s < n; s++) {
            im2col(xd, s * c * h * wd, c, h, wd, kh, kw, stride, padding, oh, ow, unfolded, s * ohw, cols);
        }
        float[] wide = Workspace.floats(o * cols);
        Blas.gemm(false, false, o, cols, ckk, weight.data(), 0, unfolded, 0, wide, 0, 0f);
        float[] y = Workspace.floats(n * o * ohw);
        float[] b = null;
        if (bias != null) {
            if (bias.rank() != 1 || bias.dim(0) != o) {
                throw new IllegalArgumentException("conv2d: bias must have shape [" + o + "], got "
                        + Arrays.toString(bias.shape()));
            }
            b = bias.data();
        }
        for (int s = 0; s < n; s++) {
            for (int ch = 0; ch < o; ch++) {
                float bv = b == null ? 0f : b[ch];
                int src = ch * cols + s * ohw;
                int dst = (s * o + ch) * ohw;
                for (int i = 0; i < ohw; i++) {
                    y[dst + i] = wide[src + i] + bv;
                }
            }
        }
        return Tensor.result(y, new int[] {n, o, oh, ow}, out -> {
            float[] dy = out.grad();
            float[] dWide = Workspace.floats(o * cols);
            for (int s = 0; s < n; s++) {
                for (int ch = 0; ch < o; ch++) {
                    System.arraycopy(dy, (s * o + ch) * ohw, dWide, ch * cols + s * ohw, ohw);
                }
            }
            if (weight.requiresGrad()) {
                Blas.gemm(false, true, o, ckk, cols, dWide, 0, unfolded, 0, weight.grad(), 0, 1f);
            }
            if (x.requiresGrad()) {
                float[] dUnfolded = Workspace.floats(ckk * cols);
                Blas.gemm(true, false, ckk, cols, o, weight.data(), 0, dWide, 0, dUnfolded, 0, 0f);
                for (int s = 0; s < n; s++) {
                    col2im(dUnfolded, s * ohw, cols, c, h, wd, kh, kw, stride, padding, oh, ow, x.grad(), s * c * h * wd);
                }
            }
            if (bias != null && bias.requiresGrad()) {
                float[] db = bias.grad();
                for (int ch = 0; ch < o; ch++) {
                    float sum = 0;
                    for (int i = ch * cols, end = i + cols; i < end; i++) {
                        sum += dWide[i];
                    }
                    db[ch] += sum;
                }
            }
        }, x, weight, bias);
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
        int[] arg = Workspace.ints(y.length);
        int o = 0;
        for (int plane = 0; plane < n * c; plane++) {
            int pbase = plane * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bestAt = pbase + i * stride * w + j * stride;
                    for (int di = 0; di < k; di++) {
                        int rowBase = pbase + (i * stride + di) * w + j * stride;
                        for (int dj = 0; dj < k; dj++) {
                            float v = xd[rowBase + dj];
                            if (v > best) {
                                best = v;
                                bestAt = rowBase + dj;
                            }
                        }
                    }
                    y[o] = best;
                    arg[o] = bestAt;
                }
            }
        }
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
}
