package io.github.adagrad4j.data;

import java.util.TreeSet;

/**
 * Numeric class labels, as LIBSVM files, built-in data sets and Spark's label column give them:
 * the distinct values in sorted order (a label's class is its position), their names, the one
 * class-count cap, and argmax over a row of outputs. Every path (tables, dense and sparse files,
 * Spark) uses these, so the same labels become the same classes everywhere.
 *
 * <pre>{@code
 * float[] classes = ClassLabels.distinct(train.targets());     // e.g. [-1, 1]
 * String name = ClassLabels.name(classes[0]);                  // "-1"
 * }</pre>
 */
public final class ClassLabels {
    /** More distinct labels than this is a numeric target mistaken for classes. */
    public static final int MAX_CLASSES = 1000;

    private ClassLabels() {
    }

    /**
     * The distinct values of the given label arrays, sorted.
     *
     * @throws IllegalArgumentException with fewer than 2 or more than {@link #MAX_CLASSES} of them
     */
    public static float[] distinct(float[]... labels) {
        TreeSet<Float> set = new TreeSet<>();
        for (float[] l : labels) {
            if (l == null) {
                continue;
            }
            for (float v : l) {
                set.add(v);
                if (set.size() > MAX_CLASSES) {
                    throw tooMany();
                }
            }
        }
        if (set.size() < 2) {
            throw new IllegalArgumentException("the labels hold " + set.size() + " class; a classifier needs at least 2");
        }
        float[] c = new float[set.size()];
        int i = 0;
        for (float v : set) {
            c[i++] = v;
        }
        return c;
    }

    /** The error for a label column with more than {@link #MAX_CLASSES} values. */
    public static IllegalArgumentException tooMany() {
        return new IllegalArgumentException("more than " + MAX_CLASSES + " distinct labels: a continuous target is a "
                + "regression task");
    }

    /** A class's name from its numeric label: {@code 3}, not {@code 3.0}. */
    public static String name(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Float.toString(v);
    }

    /** The position of the largest of {@code width} values from {@code from} (the first on ties). */
    public static int argmax(float[] values, int from, int width) {
        int best = 0;
        for (int k = 1; k < width; k++) {
            if (values[from + k] > values[from + best]) {
                best = k;
            }
        }
        return best;
    }
}
