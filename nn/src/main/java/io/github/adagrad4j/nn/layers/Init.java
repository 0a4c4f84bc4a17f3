package io.github.adagrad4j.nn.layers;

import java.util.SplittableRandom;

/**
 * Weight initialisations, seeded. {@link #PYTORCH_DEFAULT} is what {@code nn.Linear} and
 * {@code nn.Conv2d} do: weights and bias uniform in {@code ±1/sqrt(fanIn)} (Kaiming-uniform with
 * {@code a = sqrt(5)}).
 *
 * <pre>{@code
 * Dense fc = new Dense(784, 256, Init.KAIMING_NORMAL, new SplittableRandom(42));
 * }</pre>
 */
public enum Init {
    /** U(±1/sqrt(fanIn)) for weights and bias, PyTorch's default for Linear and Conv2d. */
    PYTORCH_DEFAULT,
    /** He et al. 2015 for ReLU nets: N(0, 2/fanIn), bias 0. */
    KAIMING_NORMAL,
    /** He uniform: U(±sqrt(6/fanIn)), bias 0. */
    KAIMING_UNIFORM,
    /** Glorot and Bengio 2010: U(±sqrt(6/(fanIn+fanOut))), bias 0. */
    XAVIER_UNIFORM,
    /** Glorot normal: N(0, 2/(fanIn+fanOut)), bias 0. */
    XAVIER_NORMAL;

    void weights(float[] w, int fanIn, int fanOut, SplittableRandom rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) switch (this) {
                case PYTORCH_DEFAULT -> uniform(rng, 1 / Math.sqrt(fanIn));
                case KAIMING_NORMAL -> gaussian(rng) * Math.sqrt(2.0 / fanIn);
                case KAIMING_UNIFORM -> uniform(rng, Math.sqrt(6.0 / fanIn));
                case XAVIER_UNIFORM -> uniform(rng, Math.sqrt(6.0 / (fanIn + fanOut)));
                case XAVIER_NORMAL -> gaussian(rng) * Math.sqrt(2.0 / (fanIn + fanOut));
            };
        }
    }

    void bias(float[] b, int fanIn, SplittableRandom rng) {
        if (this == PYTORCH_DEFAULT) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) uniform(rng, 1 / Math.sqrt(fanIn));
            }
        }
    }

    private static double uniform(SplittableRandom rng, double bound) {
        return rng.nextDouble(-bound, bound);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
