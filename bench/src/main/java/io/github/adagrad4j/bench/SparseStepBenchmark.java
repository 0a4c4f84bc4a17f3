package io.github.adagrad4j.bench;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.layers.Embedding;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.SparseGradient;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sparse AdaGrad on an {@code Embedding(rows, 64)} table with batches of 4096 power-law indices:
 * {@link #step()} times the optimizer step alone (coalescing included), {@link #forwardBackwardStep()}
 * a lookup, a loss, backward (which produces the sparse gradient) and the step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// 32 MB G1 regions: a batch's 1 MB arrays (lookup output, its gradient, the sparse values) are then
// ordinary young objects, not humongous ones, which made the average of a training step 5x its median.
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:G1HeapRegionSize=32m", "-XX:+UseTransparentHugePages",
        "--add-modules", "jdk.incubator.vector"})
public class SparseStepBenchmark {
    @Param({"100000", "1000000", "4000000"})
    public int rows;

    @Param({"1", "2"})
    public int threads;

    private Embedding table;
    private Parameter weight;
    private Optimizer optimizer;
    private SparseGradient[] batches;
    private int[][] indices;
    private Tensor target;
    private int next;

    @Setup
    public void setup() {
        table = new Embedding(rows, SparseStepTimer.WIDTH, 0.1, new SplittableRandom(1));
        weight = table.weight();
        optimizer = new AdaGrad(0.01).on(List.of(weight),
                OptimizerOptions.builder().threads(threads).nonFinite(NonFinitePolicy.IGNORE).build());
        batches = SparseStepTimer.batches(rows, 16, 7);
        indices = new int[batches.length][];
        for (int b = 0; b < batches.length; b++) {
            indices[b] = batches[b].rows();
        }
        target = Tensor.zeros(SparseStepTimer.BATCH, SparseStepTimer.WIDTH);
    }

    @Benchmark
    public boolean step() {
        weight.addSparseGrad(batches[next++ & 15]);
        boolean applied = optimizer.step();
        optimizer.zeroGrad();
        return applied;
    }

    @Benchmark
    public boolean forwardBackwardStep() {
        optimizer.zeroGrad();
        Ops.mse(table.lookup(indices[next++ & 15]), target).backward();
        return optimizer.step();
    }
}
