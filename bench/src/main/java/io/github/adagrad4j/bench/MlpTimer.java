package io.github.adagrad4j.bench;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.ops.Blas;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.train.FitOptions;
import io.github.adagrad4j.train.Loss;
import io.github.adagrad4j.train.Metric;
import io.github.adagrad4j.train.Trainer;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a Fashion-MNIST MLP as {@code bench/torch_mlp.py} does and reports training
 * examples/second (forward + backward + step; evaluation excluded) and test accuracy per epoch.
 * The epochs run through {@link Trainer#fit}, the loop users get, on THREADS threads (ops and
 * optimizer).
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
        Blas.setThreads(threads);
        Dataset.Split data = Builtin.fashionMnist();
        Dataset train = data.train();
        Module model = Models.parse("mlp:" + hidden, train.exampleShape(), 10, seed);
        Optimizer opt = new AdaGrad(lr).on(model.parameters(),
                OptimizerOptions.builder().threads(threads).nonFinite(NonFinitePolicy.THROW).build());
        Trainer trainer = new Trainer(model, Loss.CROSS_ENTROPY, opt);
        int n = train.count();
        List<Double> rates = new ArrayList<>();
        List<String> accs = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            // One more epoch of the library's own training loop (no metrics, no validation: training only).
            FitOptions one = FitOptions.builder().epochs(e).batchSize(batch).seed(seed).build();
            long t0 = System.nanoTime();
            trainer.fit(train, one);
            rates.add(n / ((System.nanoTime() - t0) / 1e9));
            accs.add(String.format("%.4f", trainer.evaluate(data.test(), List.of(Metric.ACCURACY)).get("accuracy")));
        }
        double[] r = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
        System.err.println("epoch rates (ex/s): " + rates.stream().map(v -> String.format("%.0f", v)).toList());
        System.out.printf("ours %s %d %.0f %s%n", hidden, threads, median, String.join(" ", accs));
        System.out.flush();
        System.exit(0);
    }
}
