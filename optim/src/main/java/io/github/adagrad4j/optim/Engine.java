package io.github.adagrad4j.optim;

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

    Engine(UpdateRule rule, OptimizerOptions options) {
        this.rule = rule;
        this.options = options;
    }

    /** The chunk table of a fixed list of arrays, plus scratch for per-chunk partial results. */
    static final class Plan {
        final int[] param;
        final int[] from;
        final int[] to;
        final double[] partial;
        final double[] perParam;
        final float[] clipCoef;
        final long elements;

        Plan(float[][] w) {
            int chunks = 0;
            long total = 0;
            for (float[] a : w) {
                chunks += (a.length + CHUNK - 1) / CHUNK;
                total += a.length;
            }
            param = new int[chunks];
            from = new int[chunks];
            to = new int[chunks];
            partial = new double[chunks];
            perParam = new double[w.length];
            clipCoef = new float[w.length];
            elements = total;
            int c = 0;
            for (int p = 0; p < w.length; p++) {
                for (int f = 0; f < w[p].length; f += CHUNK) {
                    param[c] = p;
                    from[c] = f;
                    to[c] = Math.min(w[p].length, f + CHUNK);
                    c++;
                }
            }
        }

        int chunks() {
            return param.length;
        }
    }

    /** One step over arrays that are not bound to a long-lived plan (the map-based API). */
    boolean step(String[] names, float[][] w, float[][] g, ParamState[] st, double lr) {
        return step(new Plan(w), names, w, g, st, lr);
    }

    /**
     * Applies one step. Returns false when the step was skipped under
     * {@link NonFinitePolicy#SKIP_STEP}; throws under {@link NonFinitePolicy#THROW}; in both
     * cases nothing has been written.
     */
    boolean step(Plan plan, String[] names, float[][] w, float[][] g, ParamState[] st, double lr) {
        int threads = plan.elements < MIN_PARALLEL ? 1 : options.threads();
        GradientClipping clipping = options.clipping();
        lastNorm = Double.NaN;

        if (clipping instanceof GradientClipping.ByNorm byNorm) {
            // The norm doubles as the finite check: computed in double, it is finite iff every element is.
            reduce(plan, g, byNorm.normType(), threads);
            if (!allFinite(plan.perParam) && !admitNonFinite(names, g, st)) {
                return false;
            }
            scaleByNorm(plan, g, byNorm, threads);
        } else {
            if (options.nonFinite() != NonFinitePolicy.IGNORE) {
                reduce(plan, g, Double.POSITIVE_INFINITY, threads);
                if (!allFinite(plan.perParam) && !admitNonFinite(names, g, st)) {
                    return false;
                }
            }
            if (clipping instanceof GradientClipping.ByValue byValue) {
                clampAll(plan, g, (float) byValue.clip(), threads);
            }
        }

        for (int p = 0; p < st.length; p++) {
            ParamState s = st[p];
            s.step++;
            s.context.begin(s.step, lr);
            rule.prepare(s.context);
        }
        UpdateRule r = rule;
        ParallelRunner.run(threads, plan.chunks(), c -> {
            int p = plan.param[c];
            ParamState s = st[p];
            r.apply(w[p], g[p], s.slots, plan.from[c], plan.to[c], s.context);
        });
        return true;
    }

    /** Norm of the last step's gradients before clipping (global, or NaN when not norm-clipping globally). */
    double lastNorm() {
        return lastNorm;
    }

    long skipped() {
        return skipped;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Reports the first non-finite gradient element according to the policy; true means "go on". */
    private boolean admitNonFinite(String[] names, float[][] g, ParamState[] st) {
        NonFinitePolicy policy = options.nonFinite();
        if (policy == NonFinitePolicy.IGNORE) {
            return true;
        }
        if (policy == NonFinitePolicy.SKIP_STEP) {
            skipped++;
            return false;
        }
        for (int p = 0; p < g.length; p++) {
            float[] a = g[p];
            for (int i = 0; i < a.length; i++) {
                if (!Float.isFinite(a[i])) {
                    throw new NonFiniteGradientException(names[p], i, a[i], st[p].step + 1);
                }
            }
        }
        throw new IllegalStateException("a gradient norm was not finite but no element was");
    }

    /** Fills {@code plan.perParam} with each gradient's norm of the given type, combining chunks in order. */
    private static void reduce(Plan plan, float[][] g, double normType, int threads) {
        double[] partial = plan.partial;
        ParallelRunner.run(threads, plan.chunks(), c -> {
            float[] a = g[plan.param[c]];
            int from = plan.from[c];
            int to = plan.to[c];
            partial[c] = normType == 2 ? sumOfSquares(a, from, to)
                    : normType == 1 ? sumOfAbs(a, from, to) : maxAbs(a, from, to);
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

    private void scaleByNorm(Plan plan, float[][] g, GradientClipping.ByNorm byNorm, int threads) {
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
                for (int i = plan.from[c], end = plan.to[c]; i < end; i++) {
                    a[i] *= k;
                }
            }
        });
    }

    private static void clampAll(Plan plan, float[][] g, float clip, int threads) {
        float lo = -clip;
        ParallelRunner.run(threads, plan.chunks(), c -> {
            float[] a = g[plan.param[c]];
            for (int i = plan.from[c], end = plan.to[c]; i < end; i++) {
                a[i] = Math.min(Math.max(a[i], lo), clip);
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

    /** Largest magnitude; NaN if any element is NaN (Math.max propagates it). */
    static double maxAbs(float[] a, int from, int to) {
        float m = 0f;
        for (int i = from; i < to; i++) {
            m = Math.max(m, Math.abs(a[i]));
        }
        return m;
    }
}
