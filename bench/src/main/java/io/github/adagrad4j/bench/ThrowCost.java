package io.github.adagrad4j.bench;

import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the default {@link NonFinitePolicy#THROW} costs over {@link NonFinitePolicy#IGNORE} on a dense
 * step, measured in one process with the three steps alternated, so that the memory bandwidth other
 * tenants leave moves all three alike (between processes it moves the ratio by ±15%):
 * <ul>
 *   <li>{@code IGNORE}: the update alone;</li>
 *   <li>{@code THROW}: the finite check of the whole gradient, then the update;</li>
 *   <li>{@code check}: the check alone: a {@code SKIP_STEP} step on a copy of the gradient whose last
 *       element is NaN, so every element is read and nothing is written.</li>
 * </ul>
 *
 * <pre>
 * ADAGRAD4J_JAR=bench/target/adagrad4j-bench.jar ADAGRAD4J_MAIN=io.github.adagrad4j.bench.ThrowCost \
 *     bin/adagrad4j adagrad 10000000 2 41
 * </pre>
 * prints {@code rule size threads IGNORE THROW check THROW/IGNORE}, the times in ns per element (median
 * of STEPS alternated rounds after a 3 s warm-up).
 */
public final class ThrowCost {
    private ThrowCost() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ThrowCost RULE SIZE THREADS STEPS");
            System.exit(2);
        }
        String rule = args[0];
        int size = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        Parameter p = Parameter.zeros("w", size);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < size; i++) {
            p.data()[i] = (float) r.nextDouble(-1, 1);
            p.grad()[i] = (float) r.nextDouble(-1e-3, 1e-3);
        }
        Parameter poisoned = Parameter.zeros("poisoned", size);
        System.arraycopy(p.grad(), 0, poisoned.grad(), 0, size);
        poisoned.grad()[size - 1] = Float.NaN;
        Optimizer ignore = on(rule, p, threads, NonFinitePolicy.IGNORE);
        Optimizer strict = on(rule, p, threads, NonFinitePolicy.THROW);
        Optimizer check = on(rule, poisoned, threads, NonFinitePolicy.SKIP_STEP);
        Runnable[] steps3 = {ignore::step, strict::step, check::step};
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (Runnable s : steps3) {
                s.run();
            }
        }
        long[][] t = new long[3][steps];
        for (int k = 0; k < steps; k++) {
            for (int j = 0; j < 3; j++) {
                long t0 = System.nanoTime();
                steps3[j].run();
                t[j][k] = System.nanoTime() - t0;
            }
        }
        double[] ns = new double[3];
        for (int j = 0; j < 3; j++) {
            Arrays.sort(t[j]);
            ns[j] = (steps % 2 == 1 ? t[j][steps / 2] : (t[j][steps / 2 - 1] + t[j][steps / 2]) / 2.0) / size;
        }
        System.out.printf("%s %d %d %.4f %.4f %.4f %.3f%n", rule, size, threads, ns[0], ns[1], ns[2], ns[1] / ns[0]);
    }

    private static Optimizer on(String rule, Parameter p, int threads, NonFinitePolicy policy) {
        return Rules.byName(rule).on(List.of(p), OptimizerOptions.builder().threads(threads).nonFinite(policy).build());
    }
}
