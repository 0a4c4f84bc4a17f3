package io.github.adagrad4j.optim;

import java.util.function.IntConsumer;

/**
 * The one loop over parameters that every rule shares: non-finite check, clipping, per-step
 * scalars, and the fused update, split into fixed-size chunks on a thread pool.
 *
 * <p>Chunk boundaries depend only on parameter sizes, and reductions (norms) store one partial
 * per chunk and combine them in chunk order, so a step gives bit-identical results on any
 * number of threads.
 */
final class Engine {
    /** Elements per chunk: 128 KiB per float array, small enough to balance, big enough to amortise dispatch. */
    static final int CHUNK = 1 << 15;
    /** Below this many elements in a step, handing chunks to other threads costs more than it saves. */
    static final int MIN_PARALLEL = 2 * CHUNK;

    private final UpdateRule rule;
    private final OptimizerOptions options;
    private double lastNorm = Double.NaN;
    private long skipped;
    /** Whether sparse steps may update rows in place with the rule's row kernel; tests turn it off to compare. */
    boolean rowKernels = true;

    Engine(UpdateRule rule, OptimizerOptions options) {
        this.rule = rule;
        this.options = options;
    }

    /**
     * The chunk table of one step: for a dense parameter a task covers elements {@code [from, to)};
     * for a parameter with a sparse gradient it covers rows {@code [from, to)} of the coalesced
     * gradient. Scratch arrays hold per-task partial results.
     */
    static final class Plan {
        final int[] param;
        final int[] from;
        final int[] to;
        final double[] partial;
        final double[] perParam;
        final float[] clipCoef;
        final long elements;

        private Plan(int[] param, int[] from, int[] to, int params, long elements) {
            this.param = param;
            this.from = from;
            this.to = to;
            this.partial = new double[param.length];
            this.perParam = new double[params];
            this.clipCoef = new float[params];
            this.elements = elements;
        }

        /**
         * Dense chunks of {@code w}, and row chunks for the parameters with a sparse gradient in
         * {@code sparse} (null: all dense, the plan an optimizer builds once and keeps).
         */
        static Plan of(float[][] w, SparseGradient[] sparse) {
            int tasks = 0;
            long total = 0;
            for (int p = 0; p < w.length; p++) {
                SparseGradient s = sparse == null ? null : sparse[p];
                tasks += (units(w[p], s) + perTask(s) - 1) / perTask(s);
                total += s == null ? w[p].length : (long) s.count() * s.width();
            }
            int[] param = new int[tasks];
            int[] from = new int[tasks];
            int[] to = new int[tasks];
            int c = 0;
            for (int p = 0; p < w.length; p++) {
                SparseGradient s = sparse == null ? null : sparse[p];
                int units = units(w[p], s);
                for (int f = 0; f < units; f += perTask(s)) {
                    param[c] = p;
                    from[c] = f;
                    to[c] = Math.min(units, f + perTask(s));
                    c++;
                }
            }
            return new Plan(param, from, to, w.length, total);
        }

        /** Elements of a dense parameter, or rows of a sparse gradient. */
        private static int units(float[] w, SparseGradient s) {
            return s == null ? w.length : s.count();
        }

        /** Units per task: {@link #CHUNK} elements, or as many rows as hold about that many. */
        private static int perTask(SparseGradient s) {
            return s == null ? CHUNK : Math.max(1, CHUNK / s.width());
        }

        int chunks() {
            return param.length;
        }
    }

    /** One step over arrays that are not bound to a long-lived plan (the map-based API). */
    boolean step(String[] names, float[][] w, float[][] g, ParamState[] st, double lr) {
        return step(Plan.of(w, null), names, w, g, null, st, lr);
    }

    /**
     * Applies one step. {@code sparse[p]}, when not null, is parameter {@code p}'s gradient
     * instead of {@code g[p]}. Returns false when the step was skipped under
     * {@link NonFinitePolicy#SKIP_STEP}; throws under {@link NonFinitePolicy#THROW}; in both
     * cases nothing has been written.
     */
    boolean step(Plan densePlan, String[] names, float[][] w, float[][] g, SparseGradient[] sparse, ParamState[] st,
            double lr) {
        float[][] grads = g;
        SparseGradient[] rowsOf = null;
        if (sparse != null) {
            for (int p = 0; p < sparse.length; p++) {
                if (sparse[p] == null) {
                    continue;
                }
                SparseGradient c = inPlace(sparse[p].width()) ? sparse[p].indexInto(st[p])
                        : sparse[p].coalesceInto(st[p]);
                if (options.sparseMode() == SparseMode.DENSE_EQUIVALENT) {
                    // The dense rule's semantics: every row steps, untouched ones with a zero gradient.
                    float[] dense = new float[w[p].length];
                    int width = c.width();
                    for (int k = 0; k < c.count(); k++) {
                        System.arraycopy(c.values(), k * width, dense, c.rows()[k] * width, width);
                    }
                    grads = grads == g ? g.clone() : grads;
                    grads[p] = dense;
                } else {
                    rowsOf = rowsOf == null ? new SparseGradient[sparse.length] : rowsOf;
                    rowsOf[p] = c;
                }
            }
        }
        Plan plan = rowsOf == null ? densePlan : Plan.of(w, rowsOf);
        SparseGradient[] sp = rowsOf;
        // The values each task reads: a dense gradient, or the values block of a coalesced sparse one.
        float[][] values = grads;
        if (sp != null) {
            values = grads.clone();
            for (int p = 0; p < sp.length; p++) {
                if (sp[p] != null) {
                    values[p] = sp[p].values();
                }
            }
        }
        int threads = plan.elements < MIN_PARALLEL ? 1 : options.threads();
        GradientClipping clipping = options.clipping();
        lastNorm = Double.NaN;

        if (clipping instanceof GradientClipping.ByNorm byNorm) {
            // The norm doubles as the finite check: computed in double, it is finite iff every element is.
            reduce(plan, values, sp, byNorm.normType(), threads);
            if (!allFiniteNorms(plan.perParam) && !admitNonFinite(names, values, sp, st)) {
                return false;
            }
            scaleByNorm(plan, values, sp, byNorm, threads);
        } else {
            if (options.nonFinite() != NonFinitePolicy.IGNORE && !allFinite(plan, values, sp, threads)
                    && !admitNonFinite(names, values, sp, st)) {
                return false;
            }
            if (clipping instanceof GradientClipping.ByValue byValue) {
                clampAll(plan, values, sp, (float) byValue.clip(), threads);
            }
        }

        for (int p = 0; p < st.length; p++) {
            ParamState s = st[p];
            s.step++;
            s.context.begin(s.step, lr);
            rule.prepare(s.context);
            if (sp != null && sp[p] != null && !sp[p].indexed()) {
                reserveGather(s, sp[p]);
            }
        }
        UpdateRule r = rule;
        float[][] v = values;
        forChunks(threads, plan, sp, false, c -> {
            int p = plan.param[c];
            ParamState s = st[p];
            SparseGradient rows = sp == null ? null : sp[p];
            if (rows == null) {
                r.apply(w[p], v[p], s.slots, plan.from[c], plan.to[c], s.context);
            } else if (rows.indexed()) {
                r.applyRows(w[p], s.slots, rows, plan.from[c], plan.to[c], s.context);
            } else {
                applyRows(r, w[p], v[p], s, rows, plan.from[c], plan.to[c]);
            }
        });
        return true;
    }

    /**
     * Runs {@code body} on every chunk of the plan. Dense chunks go to the threads in one
     * contiguous block each (back to front when {@code reversed}), which streams memory better
     * than chunks handed out one by one (about 10% on 1e7 floats and two threads); sparse row
     * chunks, whose cost varies with the rows, are handed out one by one (in blocks, two threads
     * were slower than one on a 1e5-row table).
     */
    private static void forChunks(int threads, Plan plan, SparseGradient[] sp, boolean reversed,
            IntConsumer body) {
        if (sp == null) {
            ParallelRunner.runInBlocks(threads, plan.chunks(), reversed, body);
        } else {
            ParallelRunner.run(threads, plan.chunks(), body);
        }
    }

    /**
     * Whether sparse gradients are applied in place, row by row, straight from where their values
     * are: when the rule has a row kernel and the gradient needs no rewriting first (clipping
     * would scale or clamp the caller's values; dense-equivalent mode steps every row).
     */
    private boolean inPlace(int width) {
        return rowKernels && rule.hasRowKernel(width) && options.sparseMode() == SparseMode.LAZY
                && options.clipping() instanceof GradientClipping.None;
    }

    /** Sizes the state's gather buffers for a sparse gradient; done once per step, before the tasks run. */
    private static void reserveGather(ParamState s, SparseGradient rows) {
        int len = rows.count() * rows.width();
        if (s.gatheredWeights.length < len) {
            s.gatheredWeights = new float[len];
            for (int j = 0; j < s.gatheredSlots.length; j++) {
                s.gatheredSlots[j] = new float[len];
            }
        }
    }

    /**
     * Applies rows {@code [from, to)} of a coalesced sparse gradient. The touched rows of the
     * weights and state are gathered into buffers laid out exactly like the gradient's values
     * block, so one long kernel call updates them with the gradient indexed like the weights (a row
     * is often only a few dozen floats, too short for the kernel's vector loop, and an index offset
     * between gradient and weights keeps C2 from vectorising at all), then scattered back.
     * Tasks write disjoint regions of the shared buffers.
     */
    private static void applyRows(UpdateRule r, float[] w, float[] values, ParamState s, SparseGradient rows, int from,
            int to) {
        int width = rows.width();
        int[] idx = rows.rows();
        float[] wb = s.gatheredWeights;
        float[][] sb = s.gatheredSlots;
        for (int k = from; k < to; k++) {
            int src = idx[k] * width;
            int dst = k * width;
            System.arraycopy(w, src, wb, dst, width);
            for (int j = 0; j < sb.length; j++) {
                System.arraycopy(s.slots[j], src, sb[j], dst, width);
            }
        }
        r.apply(wb, values, sb, from * width, to * width, s.context);
        for (int k = from; k < to; k++) {
            int dst = idx[k] * width;
            int src = k * width;
            System.arraycopy(wb, src, w, dst, width);
            for (int j = 0; j < sb.length; j++) {
                System.arraycopy(sb[j], src, s.slots[j], dst, width);
            }
        }
    }

    /** Norm of the last step's gradients before clipping (global, or NaN when not norm-clipping globally). */
    double lastNorm() {
        return lastNorm;
    }

    long skipped() {
        return skipped;
    }

    /** Counts a step skipped outside {@link #step}, by {@link Optimizer#stepCoordinates}. */
    void countSkipped() {
        skipped++;
    }

    private static boolean allFiniteNorms(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Start, in {@code values[p]}, of task {@code c}'s elements: rows scale by the row width. */
    private static int lo(Plan plan, SparseGradient[] sp, int c) {
        SparseGradient s = sp == null ? null : sp[plan.param[c]];
        return s == null ? plan.from[c] : plan.from[c] * s.width();
    }

    private static int hi(Plan plan, SparseGradient[] sp, int c) {
        SparseGradient s = sp == null ? null : sp[plan.param[c]];
        return s == null ? plan.to[c] : plan.to[c] * s.width();
    }

    /** Reports the first non-finite gradient element according to the policy; true means "go on". */
    private boolean admitNonFinite(String[] names, float[][] g, SparseGradient[] sp, ParamState[] st) {
        NonFinitePolicy policy = options.nonFinite();
        if (policy == NonFinitePolicy.IGNORE) {
            return true;
        }
        if (policy == NonFinitePolicy.SKIP_STEP) {
            skipped++;
            return false;
        }
        for (int p = 0; p < g.length; p++) {
            SparseGradient s = sp == null ? null : sp[p];
            if (s == null) {
                float[] a = g[p];
                for (int i = 0; i < a.length; i++) {
                    if (!Float.isFinite(a[i])) {
                        throw new NonFiniteGradientException(names[p], i, a[i], st[p].step + 1);
                    }
                }
                continue;
            }
            // Name the parameter's own element, not the position in the values block.
            for (int k = 0; k < s.count(); k++) {
                float[] a = s.rowArray(k);
                for (int j = 0, start = s.rowStart(k); j < s.width(); j++) {
                    if (!Float.isFinite(a[start + j])) {
                        throw new NonFiniteGradientException(names[p], s.rows()[k] * s.width() + j, a[start + j],
                                st[p].step + 1);
                    }
                }
            }
        }
        throw new IllegalStateException("a gradient norm was not finite but no element was");
    }

    /**
     * Whether every gradient element of the step is finite. On dense gradients each thread checks
     * its block of chunks last to first, so that the chunks it checked last, still in its cache,
     * are the first its update reads: with gradients larger than the cache, part of the second
     * read of the gradient then comes from cache.
     */
    private static boolean allFinite(Plan plan, float[][] g, SparseGradient[] sp, int threads) {
        double[] bad = plan.partial;
        forChunks(threads, plan, sp, true, c -> {
            SparseGradient s = sp == null ? null : sp[plan.param[c]];
            boolean ok = true;
            if (s != null && s.indexed()) {
                for (int k = plan.from[c]; k < plan.to[c] && ok; k++) {
                    ok = Finite.all(s.rowArray(k), s.rowStart(k), s.rowStart(k) + s.width());
                }
            } else {
                ok = Finite.all(g[plan.param[c]], lo(plan, sp, c), hi(plan, sp, c));
            }
            bad[c] = ok ? 0 : 1;
        });
        for (double b : bad) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fills {@code plan.perParam} with each gradient's norm of the given type, combining chunks in
     * order (only for clipping, which never runs on an indexed sparse view).
     */
    private static void reduce(Plan plan, float[][] g, SparseGradient[] sp, double normType, int threads) {
        double[] partial = plan.partial;
        ParallelRunner.run(threads, plan.chunks(), c -> {
            float[] a = g[plan.param[c]];
            int from = lo(plan, sp, c);
            int to = hi(plan, sp, c);
            partial[c] = normType == 2 ? sumOfSquares(a, from, to)
                    : normType == 1 ? sumOfAbs(a, from, to) : Finite.maxAbs(a, from, to);
        });
        double[] perParam = plan.perParam;
        java.util.Arrays.fill(perParam, 0);
        for (int c = 0; c < partial.length; c++) {
            int p = plan.param[c];
            perParam[p] = normType == Double.POSITIVE_INFINITY ? maxPropagatingNaN(perParam[p], partial[c])
                    : perParam[p] + partial[c];
        }
        if (normType == 2) {
            for (int p = 0; p < perParam.length; p++) {
                perParam[p] = Math.sqrt(perParam[p]);
            }
        }
    }

    private void scaleByNorm(Plan plan, float[][] g, SparseGradient[] sp, GradientClipping.ByNorm byNorm, int threads) {
        double[] norms = plan.perParam;
        float maxNorm = (float) byNorm.maxNorm();
        float[] coef = plan.clipCoef;
        if (byNorm.global()) {
            double total = 0;
            for (double n : norms) {
                if (byNorm.normType() == 2) {
                    total += n * n;
                } else if (byNorm.normType() == 1) {
                    total += n;
                } else {
                    total = maxPropagatingNaN(total, n);
                }
            }
            total = byNorm.normType() == 2 ? Math.sqrt(total) : total;
            lastNorm = total;
            // float32 arithmetic, as clip_grad_norm_ computes the coefficient on float tensors.
            java.util.Arrays.fill(coef, maxNorm / ((float) total + 1e-6f));
        } else {
            for (int p = 0; p < norms.length; p++) {
                coef[p] = maxNorm / ((float) norms[p] + 1e-6f);
            }
        }
        ParallelRunner.run(threads, plan.chunks(), c -> {
            float k = coef[plan.param[c]];
            if (k < 1f) {
                float[] a = g[plan.param[c]];
                for (int i = lo(plan, sp, c), end = hi(plan, sp, c); i < end; i++) {
                    a[i] *= k;
                }
            }
        });
    }

    private static void clampAll(Plan plan, float[][] g, SparseGradient[] sp, float clip, int threads) {
        float min = -clip;
        ParallelRunner.run(threads, plan.chunks(), c -> {
            float[] a = g[plan.param[c]];
            for (int i = lo(plan, sp, c), end = hi(plan, sp, c); i < end; i++) {
                a[i] = Math.min(Math.max(a[i], min), clip);
            }
        });
    }

    private static double maxPropagatingNaN(double a, double b) {
        return Math.max(a, b);
    }

    static double sumOfSquares(float[] a, int from, int to) {
        // Four independent accumulators in a fixed order: faster than one, and still deterministic.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            double x0 = a[i], x1 = a[i + 1], x2 = a[i + 2], x3 = a[i + 3];
            s0 += x0 * x0;
            s1 += x1 * x1;
            s2 += x2 * x2;
            s3 += x3 * x3;
        }
        for (; i < to; i++) {
            double x = a[i];
            s0 += x * x;
        }
        return (s0 + s1) + (s2 + s3);
    }

    static double sumOfAbs(float[] a, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += Math.abs(a[i]);
            s1 += Math.abs(a[i + 1]);
            s2 += Math.abs(a[i + 2]);
            s3 += Math.abs(a[i + 3]);
        }
        for (; i < to; i++) {
            s0 += Math.abs(a[i]);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
