package io.github.adagrad4j.bench;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
 * The memory-bandwidth reference run beside {@link DenseStepBenchmark}: STREAM's triad
 * {@code a = b + s * c} (two reads, one write; 12 bytes per element). A fused AdaGrad step moves
 * 20 bytes per element (read w, g, G; write w, G), so at the same bandwidth it takes 5/3 of the
 * triad's time per element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseTransparentHugePages"})
public class TriadBenchmark {
    @Param({"100000", "1000000", "10000000"})
    public int size;

    @Param({"1", "2"})
    public int threads;

    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setup() {
        a = new float[size];
        b = new float[size];
        c = new float[size];
        java.util.Arrays.fill(b, 1f);
        java.util.Arrays.fill(c, 2f);
    }

    private void triad(int from, int to) {
        float s = 3f;
        for (int i = from; i < to; i++) {
            a[i] = b[i] + s * c[i];
        }
    }

    @Benchmark
    public float[] triad() {
        if (threads == 1) {
            triad(0, size);
        } else {
            int per = (size + threads - 1) / threads;
            IntStream.range(0, threads).parallel().forEach(t -> triad(t * per, Math.min(size, (t + 1) * per)));
        }
        return a;
    }
}
