package io.github.adagrad4j.examples;

import io.github.adagrad4j.optim.AdaGrad;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The seeds' first example: fit {@code y = 2x + noise} with AdaGrad on named arrays, the way the
 * classic numpy optimizer class is used.
 *
 * <pre>{@code
 * LinearRegression.Result r = LinearRegression.run(42, 1000, 0.1, System.out::println);
 * // r.w() is close to 2, r.b() close to 0
 * }</pre>
 */
public final class LinearRegression {
    private LinearRegression() {
    }

    /** The fitted line and the mean squared error at the last epoch. */
    public record Result(float w, float b, double loss) {
    }

    /**
     * Fits 100 seeded points {@code x ~ U[0, 1)}, {@code y = 2x + N(0, 0.1^2)} by full-batch
     * gradient steps on the mean squared error, reporting the loss every 100 epochs.
     */
    public static Result run(long seed, int epochs, double lr, Consumer<String> out) {
        int n = 100;
        Random rnd = new Random(seed);
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextFloat();
            y[i] = 2f * x[i] + (float) (0.1 * rnd.nextGaussian());
        }
        float[] w = {0f};
        float[] b = {0f};
        float[] dw = new float[1];
        float[] db = new float[1];
        Map<String, float[]> params = Map.of("w", w, "b", b);
        Map<String, float[]> grads = Map.of("w", dw, "b", db);
        AdaGrad optimizer = new AdaGrad(lr);
        double loss = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            loss = 0;
            double gw = 0;
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double err = w[0] * x[i] + b[0] - y[i];
                loss += err * err;
                gw += 2 * err * x[i];
                gb += 2 * err;
            }
            loss /= n;
            dw[0] = (float) (gw / n);
            db[0] = (float) (gb / n);
            optimizer.update(params, grads);
            if (epoch % 100 == 0) {
                out.accept(String.format("epoch %4d  loss %.6f", epoch, loss));
            }
        }
        out.accept(String.format("w = %.4f, b = %.4f (true line: w = 2, b = 0)", w[0], b[0]));
        return new Result(w[0], b[0], loss);
    }
}
