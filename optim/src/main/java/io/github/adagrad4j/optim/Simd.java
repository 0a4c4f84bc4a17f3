package io.github.adagrad4j.optim;

/**
 * Whether the Vector API kernels ({@link SimdKernels}: the finite check, the sparse row kernels)
 * may run: they need the JDK's incubating Vector API, which a JVM only resolves when started with
 * {@code --add-modules jdk.incubator.vector}. Without it the optimizer takes the portable paths
 * (same results, slower) and says so once in the log, at INFO.
 *
 * <p>This class must not mention a Vector API type: it is loaded on every JVM, and
 * {@link SimdKernels} only once this says the module is there. Other modules' Vector API kernels
 * (the recurrent gates in {@code nn}) ask it the same question, so that one switch governs all:
 *
 * <pre>{@code
 * if (Simd.available()) { SimdGates.lstm(...); } else { scalarLstm(...); }
 * }</pre>
 */
public final class Simd {
    /** Set {@code -Dadagrad4j.simd=false} to force the portable path (for comparison). */
    static final boolean AVAILABLE = detect();

    private Simd() {
    }

    /** Whether Vector API kernels may be loaded: the module is resolved and not switched off. */
    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("adagrad4j.simd"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            System.getLogger(Simd.class.getName()).log(System.Logger.Level.INFO, "adagrad4j runs without the JDK "
                    + "Vector API: gradient checks and sparse row updates take the slower portable path. Start Java "
                    + "with --add-modules jdk.incubator.vector (bin/adagrad4j does) for the fast one.");
            return false;
        }
        try {
            return SimdKernels.lanes() > 1;
        } catch (LinkageError e) {
            return false;
        }
    }
}
