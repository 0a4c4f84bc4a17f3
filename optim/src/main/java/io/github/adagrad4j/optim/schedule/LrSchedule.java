package io.github.adagrad4j.optim.schedule;

import io.github.adagrad4j.optim.Checks;
import java.util.Arrays;

/**
 * A learning-rate schedule: the learning rate of the step that follows {@code t} completed steps,
 * given the rule's base rate. Schedules compose with any rule through
 * {@code OptimizerOptions.builder().schedule(...)}; the rule's own per-step decay (AdaGrad's
 * {@code lrDecay}) still applies on top, as in PyTorch.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedule.warmupCosine(500, 10_000, 1e-5, 0.01);
 * Optimizer opt = adam.on(params, OptimizerOptions.builder().schedule(s).build());
 * }</pre>
 *
 * Each factory names the PyTorch scheduler or Keras convention it reproduces; the closed forms
 * below equal PyTorch's chained forms up to double rounding.
 */
@FunctionalInterface
public interface LrSchedule {

    /** The learning rate after {@code t >= 0} completed steps. */
    double lr(double baseLr, long t);

    /** The base rate at every step. */
    static LrSchedule constant() {
        return Constant.INSTANCE;
    }

    /** {@code torch.optim.lr_scheduler.StepLR}: {@code base * gamma^floor(t / stepSize)}. */
    static LrSchedule step(long stepSize, double gamma) {
        return new Step(stepSize, gamma);
    }

    /** {@code MultiStepLR}: {@code base * gamma^(number of milestones <= t)}. */
    static LrSchedule multiStep(double gamma, long... milestones) {
        return new MultiStep(gamma, milestones);
    }

    /** {@code ExponentialLR}: {@code base * gamma^t}. */
    static LrSchedule exponential(double gamma) {
        return new Exponential(gamma);
    }

    /** {@code CosineAnnealingLR} (closed form): {@code etaMin + (base - etaMin)(1 + cos(pi t / tMax)) / 2}. */
    static LrSchedule cosine(long tMax, double etaMin) {
        return new WarmupCosine(0, tMax, etaMin, 1.0);
    }

    /**
     * Linear warm-up from {@code base * warmupStartFactor} to {@code base} over {@code warmupSteps}
     * steps (PyTorch {@code LinearLR}), then cosine annealing to {@code minLr} at
     * {@code totalSteps}, and {@code minLr} after that.
     */
    static LrSchedule warmupCosine(long warmupSteps, long totalSteps, double minLr, double warmupStartFactor) {
        return new WarmupCosine(warmupSteps, totalSteps, minLr, warmupStartFactor);
    }

    /** Keras' time-based {@code decay}: {@code base / (1 + decay * t)}. */
    static LrSchedule inverseTime(double decay) {
        return new InverseTime(decay);
    }

    /**
     * Vowpal Wabbit's {@code power_t} decay over steps: {@code base / (1 + t)^power}; {@code power}
     * 0.5 is the classic {@code 1 / sqrt(t)} rate of online gradient descent.
     */
    static LrSchedule inversePower(double power) {
        return new InversePower(power);
    }

    /** Exponential-time decay {@code base * exp(-beta * t)}. */
    static LrSchedule exponentialTime(double beta) {
        return new ExponentialTime(beta);
    }

    /** See {@link LrSchedule#constant()}. */
    enum Constant implements LrSchedule {
        INSTANCE;

        @Override
        public double lr(double baseLr, long t) {
            return baseLr;
        }
    }

    /** See {@link LrSchedule#step(long, double)}. */
    record Step(long stepSize, double gamma) implements LrSchedule {
        public Step {
            if (stepSize < 1) {
                throw new IllegalArgumentException("stepSize must be >= 1, got " + stepSize);
            }
            Checks.positive("gamma", gamma);
        }

        @Override
        public double lr(double baseLr, long t) {
            return baseLr * Math.pow(gamma, t / stepSize);
        }
    }

    /** See {@link LrSchedule#multiStep(double, long...)}. */
    record MultiStep(double gamma, long[] milestones) implements LrSchedule {
        public MultiStep {
            Checks.positive("gamma", gamma);
            milestones = milestones.clone();
            for (int i = 0; i < milestones.length; i++) {
                if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                    throw new IllegalArgumentException("milestones must be increasing and >= 1, got "
                            + Arrays.toString(milestones));
                }
            }
        }

        @Override
        public double lr(double baseLr, long t) {
            int passed = 0;
            while (passed < milestones.length && milestones[passed] <= t) {
                passed++;
            }
            return baseLr * Math.pow(gamma, passed);
        }

        @Override
        public long[] milestones() {
            return milestones.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MultiStep m && m.gamma == gamma && Arrays.equals(m.milestones, milestones);
        }

        @Override
        public int hashCode() {
            return Double.hashCode(gamma) * 31 + Arrays.hashCode(milestones);
        }

        @Override
        public String toString() {
            return "MultiStep[gamma=" + gamma + ", milestones=" + Arrays.toString(milestones) + "]";
        }
    }

    /** See {@link LrSchedule#exponential(double)}. */
    record Exponential(double gamma) implements LrSchedule {
        public Exponential {
            Checks.positive("gamma", gamma);
        }

        @Override
        public double lr(double baseLr, long t) {
            return baseLr * Math.pow(gamma, t);
        }
    }

    /** See {@link LrSchedule#warmupCosine(long, long, double, double)}. */
    record WarmupCosine(long warmupSteps, long totalSteps, double minLr, double warmupStartFactor)
            implements LrSchedule {
        public WarmupCosine {
            if (warmupSteps < 0) {
                throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
            }
            if (totalSteps <= warmupSteps) {
                throw new IllegalArgumentException("totalSteps must be > warmupSteps (" + warmupSteps + "), got "
                        + totalSteps);
            }
            Checks.nonNegative("minLr", minLr);
            if (!(warmupStartFactor > 0 && warmupStartFactor <= 1)) {
                throw new IllegalArgumentException("warmupStartFactor must be in (0, 1], got " + warmupStartFactor);
            }
        }

        @Override
        public double lr(double baseLr, long t) {
            if (t < warmupSteps) {
                return baseLr * (warmupStartFactor + (1 - warmupStartFactor) * t / warmupSteps);
            }
            if (t >= totalSteps) {
                return minLr;
            }
            double progress = (double) (t - warmupSteps) / (totalSteps - warmupSteps);
            return minLr + (baseLr - minLr) * (1 + Math.cos(Math.PI * progress)) / 2;
        }
    }

    /** See {@link LrSchedule#inverseTime(double)}. */
    record InverseTime(double decay) implements LrSchedule {
        public InverseTime {
            Checks.nonNegative("decay", decay);
        }

        @Override
        public double lr(double baseLr, long t) {
            return baseLr / (1 + decay * t);
        }
    }

    /** See {@link LrSchedule#inversePower(double)}. */
    record InversePower(double power) implements LrSchedule {
        public InversePower {
            Checks.nonNegative("power", power);
        }

        @Override
        public double lr(double baseLr, long t) {
            return power == 0 ? baseLr : power == 0.5 ? baseLr / Math.sqrt(1 + t) : baseLr / Math.pow(1 + t, power);
        }
    }

    /** See {@link LrSchedule#exponentialTime(double)}. */
    record ExponentialTime(double beta) implements LrSchedule {
        public ExponentialTime {
            Checks.nonNegative("beta", beta);
        }

        @Override
        public double lr(double baseLr, long t) {
            return baseLr * Math.exp(-beta * t);
        }
    }
}
