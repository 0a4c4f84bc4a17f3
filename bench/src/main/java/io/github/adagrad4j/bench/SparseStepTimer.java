package io.github.adagrad4j.bench;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.Embedding;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.SparseGradient;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Times sparse AdaGrad steps on an embedding table {@code [rows, 64]} fed batches of 4096
 * power-law-distributed row indices, as {@code bench/torch_sparse.py} and
 * {@code bench/c/adagrad_sparse.c} do: the median of single steps (coalescing included).
 *
 * <p>Mode {@code fresh} (the default) copies the batch into the gradient's arrays before each
 * step, untimed, as a backward pass leaves a just-written gradient in cache; mode {@code cold}
 * steps on 16 pre-built batches in turn, whose 16 MB have left the caches by the time they come
 * round again; mode {@code fbs} times a whole training step on the same indices: embedding lookup,
 * MSE loss against zeros, backward (producing the sparse gradient) and the optimizer step. An
 * optional fifth argument sets the non-finite check ({@code IGNORE}, as torch does not check, by
 * default; {@code THROW} is the library's default).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/adagrad4j-bench.jar \
 *     io.github.adagrad4j.bench.SparseStepTimer 1000000 1 101 [fresh|cold|fbs] [IGNORE|THROW]
 * </pre>
 * prints {@code ours ROWS THREADS median_ms ns_per_touched_element mean MEAN_MS}.
 */
public final class SparseStepTimer {
    static final int WIDTH = 64;
    static final int BATCH = 4096;

    private SparseStepTimer() {
    }

    /** Zipf-like indices: row = floor(rows * u^3), so low rows repeat, as word and feature frequencies do. */
    static SparseGradient[] batches(int rows, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        SparseGradient[] out = new SparseGradient[count];
        for (int b = 0; b < count; b++) {
            int[] idx = new int[BATCH];
            float[] v = new float[BATCH * WIDTH];
            for (int i = 0; i < BATCH; i++) {
                double u = r.nextDouble();
                idx[i] = (int) Math.min(rows - 1, Math.floor(rows * u * u * u));
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextDouble(-1e-3, 1e-3);
            }
            out[b] = new SparseGradient(idx, v, WIDTH);
        }
        return out;
    }

    public static void main(String[] args) {
        int rows = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        int steps = Integer.parseInt(args[2]);
        String mode = args.length > 3 ? args[3] : "fresh";
        NonFinitePolicy check = args.length > 4 ? NonFinitePolicy.valueOf(args[4]) : NonFinitePolicy.IGNORE;
        Embedding emb = new Embedding(rows, WIDTH, 1.0, new SplittableRandom(1));
        Parameter table = emb.weight();
        Optimizer opt = new AdaGrad(0.01).on(List.of(table),
                OptimizerOptions.builder().threads(threads).nonFinite(check).build());
        SparseGradient[] batches = batches(rows, 16, 7);
        int[] workRows = new int[BATCH];
        float[] workValues = new float[BATCH * WIDTH];
        SparseGradient work = new SparseGradient(workRows, workValues, WIDTH);
        Tensor target = Tensor.zeros(BATCH, WIDTH);
        int[] touchedRows = new int[batches.length];
        for (int i = 0; i < batches.length; i++) {
            touchedRows[i] = batches[i].coalesce().rows().length;
        }
        Workspace space = new Workspace();
        Runnable[] step = new Runnable[batches.length];
        for (int i = 0; i < batches.length; i++) {
            SparseGradient batch = batches[i];
            step[i] = switch (mode) {
                case "cold" -> () -> {
                    table.addSparseGrad(batch);
                    opt.step();
                    opt.zeroGrad();
                };
                case "fresh" -> () -> {
                    table.addSparseGrad(work);
                    opt.step();
                    opt.zeroGrad();
                };
                case "fbs" -> () -> {
                    // As the training loop runs a step: in a workspace, so that it allocates nothing.
                    try (Workspace.Scope scope = space.enter()) {
                        opt.zeroGrad();
                        Ops.mse(emb.lookup(batch.rows()), target).backward();
                        opt.step();
                    }
                };
                default -> throw new IllegalArgumentException("mode must be fresh, cold or fbs, got " + mode);
            };
        }
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        int b = 0;
        while (System.nanoTime() < warmEnd) {
            step[b++ % batches.length].run();
        }
        long[] t = new long[steps];
        long touched = 0;
        for (int s = 0; s < steps; s++) {
            int k = b++ % batches.length;
            touched += touchedRows[k];
            if (mode.equals("fresh")) {
                System.arraycopy(batches[k].rows(), 0, workRows, 0, BATCH);
                System.arraycopy(batches[k].values(), 0, workValues, 0, workValues.length);
            }
            long t0 = System.nanoTime();
            step[k].run();
            t[s] = System.nanoTime() - t0;
        }
        double mean = Arrays.stream(t).average().orElse(0);
        Arrays.sort(t);
        double median = t[steps / 2];
        double perElement = median / ((double) touched / steps * WIDTH);
        // The mean, last, shows what the median hides: collector pauses and other rare slow steps.
        System.out.printf("ours %d %d %.4f %.3f mean %.4f%n", rows, threads, median / 1e6, perElement, mean / 1e6);
    }
}
