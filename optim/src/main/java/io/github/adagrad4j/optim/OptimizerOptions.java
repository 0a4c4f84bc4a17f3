package io.github.adagrad4j.optim;

import io.github.adagrad4j.optim.schedule.LrSchedule;

/**
 * How an {@link Optimizer} runs a rule: threads, gradient clipping, learning-rate schedule and
 * the non-finite gradient policy. Immutable.
 *
 * <pre>{@code
 * OptimizerOptions opts = OptimizerOptions.builder()
 *         .threads(2).clipping(GradientClipping.globalNorm(1.0))
 *         .schedule(LrSchedule.step(1000, 0.5)).nonFinite(NonFinitePolicy.SKIP_STEP).build();
 * Optimizer opt = new AdaGrad(0.01).on(params, opts);
 * }</pre>
 *
 * @param threads number of threads a step may use, the caller's included; results do not depend on it
 * @param clipping gradient clipping applied before the update
 * @param schedule learning-rate schedule over completed steps
 * @param nonFinite what to do with NaN or infinite gradients
 * @param sparseMode how sparse gradients are applied
 */
public record OptimizerOptions(int threads, GradientClipping clipping, LrSchedule schedule,
        NonFinitePolicy nonFinite, SparseMode sparseMode) {

    public OptimizerOptions {
        Checks.atLeastOne("threads", threads);
        Checks.notNull("clipping", clipping);
        Checks.notNull("schedule", schedule);
        Checks.notNull("nonFinite", nonFinite);
        Checks.notNull("sparseMode", sparseMode);
    }

    /** All available processors, no clipping, constant learning rate, {@link NonFinitePolicy#THROW}, lazy sparse updates. */
    public static OptimizerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link OptimizerOptions}; each setter validates its value at once. */
    public static final class Builder {
        private int threads = Runtime.getRuntime().availableProcessors();
        private GradientClipping clipping = GradientClipping.none();
        private LrSchedule schedule = LrSchedule.constant();
        private NonFinitePolicy nonFinite = NonFinitePolicy.THROW;
        private SparseMode sparseMode = SparseMode.LAZY;

        private Builder() {
        }

        public Builder threads(int threads) {
            this.threads = Checks.atLeastOne("threads", threads);
            return this;
        }

        public Builder clipping(GradientClipping clipping) {
            this.clipping = Checks.notNull("clipping", clipping);
            return this;
        }

        public Builder schedule(LrSchedule schedule) {
            this.schedule = Checks.notNull("schedule", schedule);
            return this;
        }

        public Builder nonFinite(NonFinitePolicy nonFinite) {
            this.nonFinite = Checks.notNull("nonFinite", nonFinite);
            return this;
        }

        public Builder sparseMode(SparseMode sparseMode) {
            this.sparseMode = Checks.notNull("sparseMode", sparseMode);
            return this;
        }

        public OptimizerOptions build() {
            return new OptimizerOptions(threads, clipping, schedule, nonFinite, sparseMode);
        }
    }
}
