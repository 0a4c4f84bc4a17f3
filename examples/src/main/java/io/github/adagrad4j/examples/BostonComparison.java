package io.github.adagrad4j.examples;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.StandardScaler;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Boston housing: a 13-64-32-1 ReLU network, MSE, batch 16, standardised features, 80/20 split
 * with seed 42, Adam(1e-3) against AdaGrad(0.01), test RMSE averaged over several initialisation
 * seeds, beside ordinary least squares on the same split.
 *
 * <pre>{@code
 * BostonComparison.Result r = BostonComparison.run(5, 100, Path.of("runs/boston"), out);
 * }</pre>
 */
public final class BostonComparison {
    private BostonComparison() {
    }

    /** Mean test RMSE of each rule over the seeds, and the OLS test RMSE. */
    public record Result(double adamRmse, double adagradRmse, double olsRmse) {
    }

    public static Result run(int seeds, int epochs, Path output, PrintWriter out) throws IOException {
        double adam = meanRmse("adam", "1e-3", seeds, epochs, output, out);
        double adagrad = meanRmse("adagrad", "0.01", seeds, epochs, output, out);
        double ols = olsRmse();
        out.printf("boston test RMSE over %d seeds: Adam(1e-3) %.3f, AdaGrad(0.01) %.3f; OLS %.3f%n", seeds, adam,
                adagrad, ols);
        return new Result(adam, adagrad, ols);
    }

    private static double meanRmse(String name, String lr, int seeds, int epochs, Path output,
            PrintWriter out) throws IOException {
        double sum = 0;
        for (int s = 1; s <= seeds; s++) {
            // The split stays fixed while the seed varies the initialisation. The specified comparison (and
            // its PyTorch figures) trains on the raw prices, in thousands of dollars: no target scaling.
            Recipe r = new Recipe(TrainingConfig.builder().data("boston").model("mlp:64,32").optimizer(name)
                    .optimizerOption("lr", lr).epochs(epochs).batchSize(16).seed(s).splitSeed(42L)
                    .targetScaling(false).output(output.resolve(name + "-seed" + s)).build());
            double rmse = r.run(new PrintWriter(java.io.Writer.nullWriter())).test().get("rmse");
            out.printf("  %s seed %d: test RMSE %.3f%n", name, s, rmse);
            sum += rmse;
        }
        return sum / seeds;
    }

    /** Least squares with an intercept on the standardised training part, solved by normal equations in double. */
    static double olsRmse() throws IOException {
        Dataset.Split split = Builtin.boston().split(0.2, 42);
        StandardScaler scaler = StandardScaler.fit(split.train());
        Dataset train = scaler.transform(split.train());
        Dataset test = scaler.transform(split.test());
        int f = train.exampleSize() + 1;
        double[][] a = new double[f][f + 1];
        for (int i = 0; i < train.count(); i++) {
            double[] x = row(train, i);
            for (int j = 0; j < f; j++) {
                for (int k = 0; k < f; k++) {
                    a[j][k] += x[j] * x[k];
                }
                a[j][f] += x[j] * train.targets()[i];
            }
        }
        double[] w = solve(a);
        double se = 0;
        for (int i = 0; i < test.count(); i++) {
            double[] x = row(test, i);
            double p = 0;
            for (int j = 0; j < f; j++) {
                p += w[j] * x[j];
            }
            se += (p - test.targets()[i]) * (p - test.targets()[i]);
        }
        return Math.sqrt(se / test.count());
    }

    private static double[] row(Dataset d, int i) {
        int f = d.exampleSize();
        double[] x = new double[f + 1];
        x[0] = 1;
        for (int j = 0; j < f; j++) {
            x[j + 1] = d.features()[i * f + j];
        }
        return x;
    }

    /** Gauss-Jordan elimination with partial pivoting on an augmented matrix. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double k = a[r][c] / a[c][c];
                    for (int j = c; j <= n; j++) {
                        a[r][j] -= k * a[c][j];
                    }
                }
            }
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = a[i][n] / a[i][i];
        }
        return w;
    }
}
