package io.github.adagrad4j.bench;

import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
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
 * One dense optimizer step on a single parameter of {@code size} floats. Divide the reported
 * time per operation by {@code size} for ns/element ({@code bench/run_jmh.sh} does).
 *
 * <p>{@code check=IGNORE} times the fused kernel alone (what a C kernel or torch does);
 * {@code check=THROW}, the default policy, adds the read-only pass that proves every gradient
 * finite before anything is written. The fork runs with the Vector API, as {@code bin/adagrad4j}
 * starts the JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages", "--add-modules",
    "jdk.incubator.vector"})
public class DenseStepBenchmark {
    @Param({"adagrad", "adam", "rmsprop", "sgd-momentum"})
    public String rule;

    @Param({"100000", "1000000", "10000000"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    @Param({"IGNORE", "THROW"})
    public NonFinitePolicy check;

    private Optimizer optimizer;

    @Setup
    public void setup() {
        Parameter p = Parameter.zeros("w", size);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < size; i++) {
            p.data()[i] = (float) r.nextDouble(-1, 1);
            // Tiny gradients keep the weights bounded however many steps JMH takes.
            p.grad()[i] = (float) r.nextDouble(-1e-3, 1e-3);
        }
        optimizer = Rules.byName(rule).on(List.of(p),
                OptimizerOptions.builder().threads(threads).nonFinite(check).build());
    }

    @Benchmark
    public boolean step() {
        return optimizer.step();
    }
}
