package io.github.adagrad4j.optim.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Run in a child JVM by {@link CrashSafetyTest}: rewrites one file forever, generation after
 * generation, every value of generation {@code g} equal to {@code g}, until it is killed.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        int floats = Integer.parseInt(args[1]);
        float[] a = new float[floats];
        float[] b = new float[floats / 3];
        for (int generation = 1; ; generation++) {
            Arrays.fill(a, generation);
            Arrays.fill(b, generation);
            Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
            tensors.put("a", new SafeTensors.Tensor(new int[] {floats}, a));
            tensors.put("b", new SafeTensors.Tensor(new int[] {b.length}, b));
            SafeTensors.write(target, tensors, Map.of("generation", Integer.toString(generation)));
        }
    }
}
