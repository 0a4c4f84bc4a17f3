package io.github.adagrad4j.bench;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.nn.train.Loss;
import io.github.adagrad4j.nn.train.Metric;
import io.github.adagrad4j.nn.train.Trainer;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a Fashion-MNIST MLP as {@code bench/torch_mlp.py} does and reports training
 * examples/second (forward + backward + step; evaluation excluded) and test accuracy per epoch.
 *
 * <pre>
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.MlpTimer 256,128 10 2
 * </pre>
 * prints {@code ours HIDDEN THREADS examples_per_s_median acc1 acc2 ...}.
 */
public final class MlpTimer {
    private MlpTimer() {
    }

    public static void main(String[] args) throws Exception {
        String hidden = args[0];
        int epochs = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        double lr = args.length > 3 ? Double.parseDouble(args[3]) : 0.05;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 100;
        long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
        Dataset.Split data = Builtin.fashionMnist();
        Dataset train = data.train();
        Module model = Models.parse("mlp:" + hidden, train.exampleShape(), 10, seed);
        Optimizer opt = new AdaGrad(lr).on(model.parameters(),
                OptimizerOptions.builder().threads(threads).nonFinite(NonFinitePolicy.THROW).build());
        Trainer evaluator = new Trainer(model, Loss.CROSS_ENTROPY, opt);
        int n = train.count();
        int per = train.exampleSize();
        List<Double> rates = new ArrayList<>();
        List<String> accs = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(seed);
        model.train(true);
        for (int e = 0; e < epochs; e++) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            long t0 = System.nanoTime();
            for (int from = 0; from < n; from += batch) {
                int size = Math.min(batch, n - from);
                float[] x = new float[size * per];
                float[] y = new float[size];
                for (int i = 0; i < size; i++) {
                    System.arraycopy(train.features(), perm[from + i] * per, x, i * per, per);
                    y[i] = train.targets()[perm[from + i]];
                }
                Tensor out = model.forward(Tensor.of(x, size, 28, 28));
                Tensor loss = Loss.CROSS_ENTROPY.of(out, y, 1);
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
            rates.add(n / ((System.nanoTime() - t0) / 1e9));
            accs.add(String.format("%.4f", evaluator.evaluate(data.test(), List.of(Metric.ACCURACY)).get("accuracy")));
            model.train(true);
        }
        double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
        System.out.printf("ours %s %d %.0f %s%n", hidden, threads, median, String.join(" ", accs));
        System.out.flush();
        System.exit(0);
    }
}
