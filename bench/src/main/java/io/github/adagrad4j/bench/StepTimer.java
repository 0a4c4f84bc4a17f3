package io.github.adagrad4j.bench;

import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.UpdateRule;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times dense optimizer steps the same way {@code bench/torch_step.py} and {@code bench/c/} do,
 * so that {@code bench/compare_dense.sh} can put the three side by side: the same data, warm-up,
 * then the median wall time of single steps.
 *
 * <pre>
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.StepTimer adagrad 10000000 1 40 IGNORE
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.StepTimer adagrad 10000000 2 40 THROW map
 * </pre>
 * prints {@code rule size threads median_ms ns_per_element}. SIZE {@code many} is a model's shape
 * instead of one tensor: {@link #manySizes()}, 100 parameters, 10^7 floats in all.
 * The last argument chooses the API:
 * {@code step} (default: {@code Optimizer.step()} with the given threads and policy) or {@code map}
 * (the seed-style {@code rule.update(params, grads)}, which always runs with the default options:
 * every processor and {@code THROW}; THREADS and the policy must say so).
 */
public final class StepTimer {
    private StepTimer() {
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: StepTimer RULE SIZE THREADS STEPS [IGNORE|THROW|SKIP_STEP] [step|map]");
            System.exit(2);
        }
        String rule = args[0];
        int[] sizes = args[1].equals("many") ? manySizes() : new int[] {Integer.parseInt(args[1])};
        long size = Arrays.stream(sizes).asLongStream().sum();
        int threads = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        NonFinitePolicy policy = args.length > 4 ? NonFinitePolicy.valueOf(args[4]) : NonFinitePolicy.IGNORE;
        List<Parameter> params = new java.util.ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        for (int k = 0; k < sizes.length; k++) {
            Parameter p = Parameter.zeros(sizes.length == 1 ? "w" : "w" + k, sizes[k]);
            for (int i = 0; i < sizes[k]; i++) {
                p.data()[i] = (float) r.nextDouble(-1, 1);
                p.grad()[i] = (float) r.nextDouble(-1e-3, 1e-3);
            }
            params.add(p);
        }
        Runnable step;
        if (args.length > 5 && args[5].equals("map")) {
            if (threads != Runtime.getRuntime().availableProcessors() || policy != NonFinitePolicy.THROW) {
                throw new IllegalArgumentException("the map API runs with the default options: THREADS "
                        + Runtime.getRuntime().availableProcessors() + " and THROW");
            }
            UpdateRule seedStyle = Rules.byName(rule);
            Map<String, float[]> weights = new java.util.LinkedHashMap<>();
            Map<String, float[]> grads = new java.util.LinkedHashMap<>();
            for (Parameter p : params) {
                weights.put(p.name(), p.data());
                grads.put(p.name(), p.grad());
            }
            step = () -> seedStyle.update(weights, grads);
        } else {
            Optimizer opt = Rules.byName(rule).on(params,
                    OptimizerOptions.builder().threads(threads).nonFinite(policy).build());
            step = opt::step;
        }
        // Warm-up long enough for C2 to compile the kernel (about 10k loop back-edges per chunk suffice).
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            step.run();
        }
        long[] t = new long[steps];
        for (int s = 0; s < steps; s++) {
            long t0 = System.nanoTime();
            step.run();
            t[s] = System.nanoTime() - t0;
        }
        Arrays.sort(t);
        double median = steps % 2 == 1 ? t[steps / 2] : (t[steps / 2 - 1] + t[steps / 2]) / 2.0;
        System.out.printf("%s %s %d %.4f %.4f%n", rule, args[1], threads, median / 1e6, median / size);
    }

    /**
     * 100 parameter sizes in a geometric progression spanning a factor of 1000, scaled to 10^7
     * floats in all (675 to 674,596): a model's many tensors rather than one.
     * {@code bench/torch_step.py} builds the same list.
     */
    static int[] manySizes() {
        double[] raw = new double[100];
        double sum = 0;
        for (int i = 0; i < 100; i++) {
            raw[i] = 1e3 * Math.pow(1e3, i / 99.0);
            sum += raw[i];
        }
        int[] sizes = new int[100];
        for (int i = 0; i < 100; i++) {
            sizes[i] = (int) Math.round(raw[i] * 1e7 / sum);
        }
        return sizes;
    }
}
