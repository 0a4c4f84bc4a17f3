package io.github.adagrad4j.optim;

/**
 * Whether the sparse row kernels ({@link SimdKernels}) may run: they need the JDK's incubating
 * Vector API, which a JVM only resolves when started with
 * {@code --add-modules jdk.incubator.vector}. Without it the optimizer takes the portable
 * path (gather rows, one scalar kernel call, scatter), same results, slower.
 *
 * <p>This class must not mention a Vector API type: it is loaded on every JVM, and
 * {@link SimdKernels} only once this says the module is there.
 */
final class Simd {
    /** Set {@code -Dadagrad4j.simd=false} to force the portable path (for comparison). */
    static final boolean AVAILABLE = detect();

    private Simd() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("adagrad4j.simd"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return SimdKernels.lanes() > 1;
        } catch (LinkageError e) {
            return false;
        }
    }
}
