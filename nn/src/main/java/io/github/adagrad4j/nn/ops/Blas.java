package io.github.adagrad4j.nn.ops;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import dev.ludovic.netlib.blas.BLAS;
import io.github.adagrad4j.optim.ParallelRunner;

/**
 * Row-major single-precision GEMM on netlib BLAS: JNI to the system's OpenBLAS when Debian's
 * {@code libopenblas0} is installed, the Vector API implementation when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, plain Java otherwise. Which one is in use is logged
 * once at first use and available from {@link #implementation()}.
 *
 * <p>Threads: a product large enough to pay for it is split into column or row blocks that run
 * on the library's thread team ({@link ParallelRunner}, shared with the optimizer), each block a
 * single-threaded BLAS call. OpenBLAS's own threads are therefore set to one at start-up: two
 * pools spinning on two cores slowed training (both OpenBLAS's and the optimizer's threads wait
 * busily for work), and 100-row products split by OpenBLAS gained little. {@link #setThreads}
 * (or {@code -Dadagrad4j.threads=N}) sets how many threads ops use; the default is every
 * processor.
 *
 * <pre>{@code
 * Blas.gemm(false, true, m, n, k, x, 0, w, 0, y, 0, 0f);   // y[m,n] = x[m,k] * w[n,k]^T
 * }</pre>
 */
public final class Blas {
    private static final System.Logger LOG = System.getLogger(Blas.class.getName());
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();
    /**
     * Multiply-adds below which a product runs on one thread. A split product is 1.3-1.7x faster
     * when the other thread is already spinning, but in a training step the products are a few
     * hundred microseconds apart, the other thread has gone to sleep in between, and waking it
     * costs tens of microseconds: measured on whole training steps, 784-50-10's 4-million products
     * got slower split, 784-256-128-10's 20-million one 1.3x faster.
     */
    static final long MIN_PARALLEL_MACS = 1L << 22;
    /** Whether products may be split over our threads: the native BLAS is single-threaded, or not native. */
    private static final boolean SPLIT_SAFE;
    private static final String DESCRIPTION;
    private static volatile int threads = Integer.getInteger("adagrad4j.threads",
            Runtime.getRuntime().availableProcessors());

    static {
        String impl = BLAS_INSTANCE.getClass().getSimpleName();
        boolean nativeBlas = impl.startsWith("JNI");
        String threading = nativeBlas ? singleThreadedOpenBlas() : null;
        SPLIT_SAFE = !nativeBlas || threading != null;
        DESCRIPTION = impl + (threading != null ? " (" + threading + ")"
                : nativeBlas ? " (its thread count could not be set: products are not split)" : "");
        LOG.log(System.Logger.Level.INFO, "adagrad4j BLAS: {0}", DESCRIPTION);
    }

    private Blas() {
    }

    /**
     * Sets the native OpenBLAS to one thread, as our team does the splitting; returns a note for
     * the log, or null if the library is not OpenBLAS or cannot be reached (the system's BLAS
     * then threads as it is configured, and we do not split on top of it).
     */
    private static String singleThreadedOpenBlas() {
        try {
            // The same soname netlib's JNI wrapper opens, so dlopen returns the library it uses.
            NativeLibrary lib = NativeLibrary.getInstance("libblas.so.3");
            Function set = lib.getFunction("openblas_set_num_threads");
            Function core = lib.getFunction("openblas_get_corename");
            set.invokeVoid(new Object[] {1});
            return "OpenBLAS " + core.invokeString(new Object[0], false) + " kernels, 1 thread per call";
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** What runs products, for a run's header line: {@code JNIBLAS (OpenBLAS Haswell kernels, 1 thread per call)}. */
    public static String description() {
        return DESCRIPTION;
    }

    /** The netlib implementation class in use, e.g. {@code JNIBLAS}. */
    public static String implementation() {
        return BLAS_INSTANCE.getClass().getSimpleName();
    }

    /** Threads that ops may use (the caller's included). */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the threads ops may use, e.g. to match the optimizer's. A product split into another
     * number of blocks may differ in its last bits (OpenBLAS's kernels treat a block's edge tiles
     * differently), as PyTorch's results do between thread counts; for one thread count they are
     * repeatable. (Optimizer steps are bit-identical for any thread count.)
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        threads = n;
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
        int t = threads;
        if (t < 2 || !SPLIT_SAFE || (long) m * n * k < MIN_PARALLEL_MACS) {
            block(transA, transB, m, n, k, a, offA, b, offB, c, offC, beta, 0, m, 0, n);
            return;
        }
        // One block of C per thread, in multiples of 16 (a kernel tile). Blocks of rows when A is
        // transposed (a weight gradient dy^T x), of columns otherwise: measured on the products of
        // the MLPs and the CNN, each split is the faster one there (1.3-2x on two threads).
        boolean byColumns = !transA;
        int side = byColumns ? n : m;
        int per = Math.max(16, (side + t - 1) / t + 15 & ~15);
        int parts = (side + per - 1) / per;
        ParallelRunner.run(t, parts, p -> {
            int lo = p * per;
            int hi = Math.min(side, lo + per);
            if (byColumns) {
                block(transA, transB, m, n, k, a, offA, b, offB, c, offC, beta, 0, m, lo, hi);
            } else {
                block(transA, transB, m, n, k, a, offA, b, offB, c, offC, beta, lo, hi, 0, n);
            }
        });
    }

    /** As {@link #gemm}, on the calling thread only: for ops that run their own work in parallel. */
    static void gemmHere(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, float[] b, int offB,
            float[] c, int offC, float beta) {
        block(transA, transB, m, n, k, a, offA, b, offB, c, offC, beta, 0, m, 0, n);
    }

    /** Rows {@code [r0, r1)} and columns {@code [c0, c1)} of C, as one BLAS call. */
    private static void block(boolean transA, boolean transB, int m, int n, int k, float[] a, int offA, float[] b,
            int offB, float[] c, int offC, float beta, int r0, int r1, int c0, int c1) {
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        int aAt = offA + (transA ? r0 : r0 * k);
        int bAt = offB + (transB ? c0 * k : c0);
        // A row-major matrix is its transpose in column-major order: compute C^T = op(B)^T op(A)^T.
        BLAS_INSTANCE.sgemm(transB ? "T" : "N", transA ? "T" : "N", c1 - c0, r1 - r0, k, 1f, b, bAt, ldb, a, aAt, lda,
                beta, c, offC + r0 * n + c0, n);
    }
}
