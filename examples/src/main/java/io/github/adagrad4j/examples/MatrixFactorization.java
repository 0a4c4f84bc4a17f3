package io.github.adagrad4j.examples;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.Embedding;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.train.Trainer;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A recommender in miniature: seeded synthetic ratings from a rank-{@code rank} model plus noise,
 * fitted by matrix factorisation with two embedding tables (users, items) whose gradients are
 * sparse: each step touches only the users and items of its batch.
 *
 * <pre>{@code
 * MatrixFactorization.Result r = MatrixFactorization.run(new AdaGrad(0.1), 2000, 1000, 8, 100_000, 20, 7);
 * // r.testRmse() well below r.baselineRmse()
 * }</pre>
 */
public final class MatrixFactorization {
    private MatrixFactorization() {
    }

    /** Test RMSE of the model and of predicting the training mean. */
    public record Result(double testRmse, double baselineRmse) {
    }

    public static Result run(UpdateRule rule, int users, int items, int rank, int ratings, int epochs, long seed) {
        Random r = new Random(seed);
        double[][] pu = new double[users][rank];
        double[][] qi = new double[items][rank];
        for (double[] row : pu) {
            for (int k = 0; k < rank; k++) {
                row[k] = r.nextGaussian() / Math.sqrt(rank);
            }
        }
        for (double[] row : qi) {
            for (int k = 0; k < rank; k++) {
                row[k] = r.nextGaussian();
            }
        }
        int[] u = new int[ratings];
        int[] it = new int[ratings];
        float[] y = new float[ratings];
        for (int n = 0; n < ratings; n++) {
            u[n] = r.nextInt(users);
            it[n] = r.nextInt(items);
            double dot = 0;
            for (int k = 0; k < rank; k++) {
                dot += pu[u[n]][k] * qi[it[n]][k];
            }
            y[n] = (float) (dot + 0.1 * r.nextGaussian());
        }
        int test = ratings / 10;
        int train = ratings - test;
        double mean = 0;
        for (int n = test; n < ratings; n++) {
            mean += y[n];
        }
        mean /= train;

        SplittableRandom init = new SplittableRandom(seed + 1);
        Embedding userTable = new Embedding(users, rank, 0.1, init);
        Embedding itemTable = new Embedding(items, rank, 0.1, init);
        List<Parameter> params = new ArrayList<>(userTable.parameters());
        params.add(itemTable.weight().withName("items"));
        params.set(0, userTable.weight().withName("users"));
        Optimizer opt = rule.on(params, OptimizerOptions.builder().threads(1).build());
        SplittableRandom shuffle = new SplittableRandom(seed + 2);
        int batch = 256;
        Workspace space = new Workspace();   // each step reuses the previous step's arrays
        for (int e = 0; e < epochs; e++) {
            int[] perm = Trainer.permutation(train, shuffle);
            for (int i = 0; i < train; i++) {
                perm[i] += test;   // the training rows follow the test rows
            }
            for (int from = 0; from < train; from += batch) {
                int size = Math.min(batch, train - from);
                int[] bu = new int[size];
                int[] bi = new int[size];
                float[] by = new float[size];
                for (int k = 0; k < size; k++) {
                    bu[k] = u[perm[from + k]];
                    bi[k] = it[perm[from + k]];
                    by[k] = y[perm[from + k]];
                }
                try (Workspace.Scope scope = space.enter()) {
                    opt.zeroGrad();
                    Tensor pred = Ops.rowDot(userTable.lookup(bu), itemTable.lookup(bi));
                    Ops.mse(pred, Tensor.of(by, size, 1)).backward();
                    opt.step();
                }
            }
        }
        int[] tu = java.util.Arrays.copyOfRange(u, 0, test);
        int[] ti = java.util.Arrays.copyOfRange(it, 0, test);
        float[] pred = Ops.rowDot(userTable.lookup(tu), itemTable.lookup(ti)).data();
        double se = 0;
        double base = 0;
        for (int n = 0; n < test; n++) {
            se += (pred[n] - y[n]) * (double) (pred[n] - y[n]);
            base += (mean - y[n]) * (mean - y[n]);
        }
        return new Result(Math.sqrt(se / test), Math.sqrt(base / test));
    }
}
