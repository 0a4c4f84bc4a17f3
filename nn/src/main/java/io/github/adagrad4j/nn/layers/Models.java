package io.github.adagrad4j.nn.layers;

import io.github.adagrad4j.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Models by name, as the CLI takes them: {@code linear}, {@code mlp:256,128} (ReLU hidden layers,
 * optional {@code ,dropout=0.2}), and {@code cnn} (two 3x3 conv + 2x2 max-pool blocks, 32 and 64
 * channels, then 128 hidden units: the classic small MNIST network) for single-channel images.
 * Parameter names and layouts are those of the same {@code torch.nn.Sequential} ({@code 0.weight},
 * {@code 2.weight} for {@code mlp:H}; Linear, ReLU, [Dropout,] ... in that order), which sees
 * its input flattened (or, for {@code cnn}, as {@code [N, 1, h, w]}).
 *
 * <pre>{@code
 * Module m = Models.parse("mlp:256,128", new int[] {28, 28}, 10, 42);
 * }</pre>
 */
public final class Models {
    private Models() {
    }

    /**
     * Builds the model {@code spec} for examples of {@code inputShape} and {@code outputs} outputs.
     *
     * @throws IllegalArgumentException naming the accepted forms when {@code spec} is not one
     */
    public static Module parse(String spec, int[] inputShape, int outputs, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int inputs = 1;
        for (int d : inputShape) {
            inputs *= d;
        }
        String s = spec.trim();
        if (s.equals("linear")) {
            return Sequential.reshaping(new int[] {inputs}, new Dense(inputs, outputs, rng));
        }
        if (s.startsWith("mlp:")) {
            List<Module> layers = new ArrayList<>();
            double dropout = 0;
            List<Integer> hidden = new ArrayList<>();
            for (String part : s.substring(4).split(",")) {
                String p = part.trim();
                if (p.startsWith("dropout=")) {
                    dropout = Double.parseDouble(p.substring(8));
                } else {
                    hidden.add(parsePositive(p, spec));
                }
            }
            if (hidden.isEmpty()) {
                throw bad(spec);
            }
            int in = inputs;
            for (int h : hidden) {
                layers.add(new Dense(in, h, rng));
                layers.add(Layers.relu());
                if (dropout > 0) {
                    layers.add(Layers.dropout(dropout, rng.nextLong()));
                }
                in = h;
            }
            layers.add(new Dense(in, outputs, rng));
            return Sequential.reshaping(new int[] {inputs}, layers.toArray(new Module[0]));
        }
        if (s.equals("cnn")) {
            int h;
            int w;
            if (inputShape.length == 2) {
                h = inputShape[0];
                w = inputShape[1];
            } else if (inputShape.length == 3 && inputShape[0] == 1) {
                h = inputShape[1];
                w = inputShape[2];
            } else {
                throw new IllegalArgumentException("model 'cnn' needs single-channel images [h, w] or [1, h, w], got "
                        + "examples of shape " + Arrays.toString(inputShape));
            }
            if (h < 4 || w < 4) {
                throw new IllegalArgumentException("model 'cnn' needs images of at least 4x4, got " + h + "x" + w);
            }
            return Sequential.reshaping(new int[] {1, h, w},
                    new Conv2d(1, 32, 3, 1, 1, rng), Layers.relu(), Layers.maxPool2d(2, 2),
                    new Conv2d(32, 64, 3, 1, 1, rng), Layers.relu(), Layers.maxPool2d(2, 2),
                    Layers.flatten(), new Dense(64 * (h / 4) * (w / 4), 128, rng), Layers.relu(),
                    new Dense(128, outputs, rng));
        }
        throw bad(spec);
    }

    private static int parsePositive(String p, String spec) {
        try {
            int v = Integer.parseInt(p);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(spec);
    }

    private static IllegalArgumentException bad(String spec) {
        return new IllegalArgumentException("unknown model '" + spec
                + "'; expected linear, mlp:H1[,H2...][,dropout=P] (e.g. mlp:256,128) or cnn");
    }
}
