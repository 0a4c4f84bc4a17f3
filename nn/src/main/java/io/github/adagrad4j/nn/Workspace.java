package io.github.adagrad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The arrays of one training step, kept for the next. A step of a fixed model on batches of one
 * shape asks for the same arrays in the same order every time (outputs, gradients, im2col
 * buffers...), so while a workspace is {@linkplain #enter() entered} the ops get the array they
 * got at the same point of the previous step instead of a new one: no allocation, no page faults,
 * no garbage per batch. A request whose size differs from last time (the last, shorter batch of
 * an epoch) gets an array of its own, which is kept too.
 *
 * <p>Arrays handed out in one scope are only valid until the next scope of the same workspace
 * begins: whoever keeps a result (a batch's outputs, a prediction) copies it first, and a sparse
 * gradient made in a scope (by {@code Embedding} or {@code SparseLinear}) is applied by an
 * optimizer step before the scope ends, as the training loop does. With no
 * workspace entered, {@link #floats} and {@link #zeros} simply allocate, so models used outside
 * a training loop behave as plain code.
 *
 * <pre>{@code
 * Workspace ws = new Workspace();
 * for (Batch b : batches) {
 *     try (Workspace.Scope s = ws.enter()) {
 *         Tensor loss = Ops.crossEntropy(model.forward(b.x()), b.labels());
 *         loss.backward();
 *         optimizer.step();
 *     }
 * }
 * }</pre>
 */
public final class Workspace {
    private static final ThreadLocal<Workspace> ACTIVE = new ThreadLocal<>();
    /** How many sizes one request position remembers: batch and last batch, with room to spare. */
    private static final int SIZES_PER_POSITION = 4;

    /** Per request position, the arrays of the sizes seen there. */
    private final List<Object[]> floats = new ArrayList<>();
    private final List<Object[]> ints = new ArrayList<>();
    /** Per request position of {@link #scratch}, the largest array asked for there. */
    private final List<float[]> scratch = new ArrayList<>();
    private int nextFloat;
    private int nextInt;
    private int nextScratch;

    /** Makes this the workspace of the current thread until the returned scope is closed. */
    public Scope enter() {
        Workspace previous = ACTIVE.get();
        ACTIVE.set(this);
        nextFloat = 0;
        nextInt = 0;
        nextScratch = 0;
        return new Scope(this, previous);
    }

    /** An entered workspace; closing it restores the one entered before (or none). */
    public static final class Scope implements AutoCloseable {
        private final Workspace owner;
        private final Workspace previous;

        private Scope(Workspace owner, Workspace previous) {
            this.owner = owner;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (ACTIVE.get() != owner) {
                throw new IllegalStateException("workspace scopes must be closed in the reverse order of entering");
            }
            ACTIVE.set(previous);
        }
    }

    /** An array of {@code n} floats whose contents the caller overwrites entirely. */
    public static float[] floats(int n) {
        Workspace w = ACTIVE.get();
        return w == null ? new float[n] : w.nextFloats(n);
    }

    /** An array of {@code n} zeros (for gradients, which ops add into). */
    public static float[] zeros(int n) {
        Workspace w = ACTIVE.get();
        if (w == null) {
            return new float[n];
        }
        float[] a = w.nextFloats(n);
        Arrays.fill(a, 0f);
        return a;
    }

    /**
     * An array of <em>at least</em> {@code n} floats, of unspecified contents, for a buffer its
     * caller indexes itself and never measures by its length (never a tensor's data). Unlike
     * {@link #floats}, one array per position serves every size up to the largest seen: a model
     * serving requests meets a new batch or sequence length on nearly every call, and exact-length
     * arrays would then be new ones, allocated and zeroed, every time.
     */
    public static float[] scratch(int n) {
        Workspace w = ACTIVE.get();
        return w == null ? new float[n] : w.nextScratch(n);
    }

    /** An array of {@code n} ints whose contents the caller overwrites entirely. */
    public static int[] ints(int n) {
        Workspace w = ACTIVE.get();
        return w == null ? new int[n] : w.nextInts(n);
    }

    private float[] nextFloats(int n) {
        return take(floats, nextFloat++, n, float[]::new, a -> a.length);
    }

    private float[] nextScratch(int n) {
        int at = nextScratch++;
        if (at == scratch.size()) {
            scratch.add(null);
        }
        float[] a = scratch.get(at);
        if (a == null || a.length < n) {
            // A quarter to spare, so that a slowly growing size does not make a new array each time.
            a = new float[(int) Math.min(Integer.MAX_VALUE - 8, n + (long) n / 4)];
            scratch.set(at, a);
        }
        return a;
    }

    private int[] nextInts(int n) {
        return take(ints, nextInt++, n, int[]::new, a -> a.length);
    }

    /** The array of length {@code n} kept at request position {@code at}, made (and kept) if there is none. */
    private static <A> A take(List<Object[]> positions, int at, int n, IntFunction<A> make, ToIntFunction<A> length) {
        if (at == positions.size()) {
            positions.add(new Object[SIZES_PER_POSITION]);
        }
        Object[] kept = positions.get(at);
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] == null) {
                A a = make.apply(n);
                kept[i] = a;
                return a;
            }
            @SuppressWarnings("unchecked")
            A a = (A) kept[i];
            if (length.applyAsInt(a) == n) {
                return a;
            }
        }
        // A position that sees many sizes (unusual): replace the oldest.
        System.arraycopy(kept, 1, kept, 0, kept.length - 1);
        A a = make.apply(n);
        kept[kept.length - 1] = a;
        return a;
    }
}
