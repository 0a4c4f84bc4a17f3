package io.github.adagrad4j.nn.ops;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major single-precision GEMM on netlib BLAS: JNI to the system's OpenBLAS when Debian's
 * {@code libopenblas0} is installed, the Vector API implementation when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, plain Java otherwise. Which one is in use is logged
 * once at first use and available from {@link #implementation()}.
 *
 * <pre>{@code
 * Blas.gemm(false, true, m, n, k, x, 0, w, 0, y, 0, 0f);   // y[m,n] = x[m,k] * w[n,k]^T
 * }</pre>
 */
public final class Blas {
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

    static {
        System.getLogger(Blas.class.getName()).log(System.Logger.Level.INFO,
                "adagrad4j BLAS: {0}", BLAS_INSTANCE.getClass().getName());
    }

    private Blas() {
    }

    /** The netlib implementation class in use, e.g. {@code dev.ludovic.netlib.blas.JNIBLAS}. */
    public static String implementation() {
        return BLAS_INSTANCE.getClass().getSimpleName();
    }

    /**
     * {@code C = op(A) op(B) + beta C}, all row-major: C is {@code [m, n]}; A is {@code [m, k]},
     * or {@code [k, m]} when {@code transA}; B is {@code [k, n]}, or {@code [n, k]} when {@code transB}.
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, float[] b,
            int offB, float[] c, int offC, float beta) {
        if (m == 0 || n == 0) {
            return;
        }
        // A row-major matrix is its transpose in column-major order: compute C^T = op(B)^T op(A)^T.
        BLAS_INSTANCE.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1f, b, offB, transB ? k : n, a, offA,
                transA ? m : k, beta, c, offC, n);
    }
}
