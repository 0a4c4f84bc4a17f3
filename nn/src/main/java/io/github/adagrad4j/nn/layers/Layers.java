package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.ops.Conv;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.optim.Checks;
import java.util.SplittableRandom;

/**
 * The parameter-free layers and the embedding table, as small modules to put in a
 * {@link Sequential}.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Dense(784, 256, rng), Layers.relu(), Layers.dropout(0.2, 7),
 *         new Dense(256, 10, rng));
 * }</pre>
 */
public final class Layers {
    private Layers() {
    }

    public static Module relu() {
        return new Relu();
    }

    /** The ReLU layer: its own class, so that {@link Sequential} can fuse it into the layer before. */
    static final class Relu extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return Ops.relu(x);
        }

        @Override
        public String toString() {
            return "relu";
        }
    }

    public static Module sigmoid() {
        return new Fn("sigmoid", Ops::sigmoid);
    }

    public static Module tanh() {
        return new Fn("tanh", Ops::tanh);
    }

    public static Module flatten() {
        return new Fn("flatten", Ops::flatten);
    }

    /** Max pooling over {@code k x k} windows with the given stride. */
    public static Module maxPool2d(int k, int stride) {
        Checks.atLeastOne("pool kernel", k);
        Checks.atLeastOne("pool stride", stride);
        // The name carries the window and stride: exporters read them from it.
        return new Fn("maxPool2d(" + k + (stride == k ? "" : ", stride " + stride) + ")", x -> Conv.maxPool2d(x, k,
                stride));
    }

    /** Inverted dropout with probability {@code p}, active in training mode only, seeded. */
    public static Module dropout(double p, long seed) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout p must be in [0, 1), got " + p);
        }
        return new Dropout(p, seed);
    }

    /** Reshapes {@code [batch, n]} input to {@code [batch, shape...]}, e.g. flat pixels to {@code [1, 28, 28]}. */
    public static Module reshape(int... shape) {
        int[] s = shape.clone();
        return new Fn("reshape", x -> {
            int[] full = new int[s.length + 1];
            full[0] = x.dim(0);
            System.arraycopy(s, 0, full, 1, s.length);
            return Ops.reshape(x, full);
        });
    }

    private static final class Fn extends Module {
        private final String name;
        private final java.util.function.UnaryOperator<Tensor> f;

        Fn(String name, java.util.function.UnaryOperator<Tensor> f) {
            this.name = name;
            this.f = f;
        }

        @Override
        public Tensor forward(Tensor x) {
            return f.apply(x);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final class Dropout extends Module {
        private final double p;
        private final long seed;
        private SplittableRandom rng;

        Dropout(double p, long seed) {
            this.p = p;
            this.seed = seed;
            this.rng = new SplittableRandom(seed);
        }

        @Override
        protected void onReseed(long batchSeed) {
            rng = new SplittableRandom(batchSeed * 0x9E3779B97F4A7C15L + seed);
        }

        @Override
        public Tensor forward(Tensor x) {
            return Ops.dropout(x, p, rng, isTraining());
        }
    }

}
