package io.github.adagrad4j.data;

import java.util.Arrays;

/**
 * A data set as plain arrays: {@code count} feature blocks of shape {@code exampleShape}
 * (row-major, one after another) and {@code count} target rows of {@code targetWidth} floats
 * (class indices as floats for classification).
 *
 * <pre>{@code
 * Dataset train = new Dataset(pixels, new int[] {784}, labels, 1);   // 784 features, one label each
 * }</pre>
 *
 * @param features {@code count * product(exampleShape)} floats
 * @param exampleShape the shape of one example, e.g. {@code {784}} or {@code {1, 28, 28}}
 * @param targets {@code count * targetWidth} floats
 * @param targetWidth floats per target row
 */
public record Dataset(float[] features, int[] exampleShape, float[] targets, int targetWidth) {

    public Dataset {
        if (targetWidth < 1) {
            throw new IllegalArgumentException("targetWidth must be >= 1, got " + targetWidth);
        }
        int per = 1;
        for (int d : exampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("example shape must have positive dimensions, got "
                        + Arrays.toString(exampleShape));
            }
            per *= d;
        }
        if (features.length % per != 0) {
            throw new IllegalArgumentException(features.length + " feature values are not a whole number of examples of "
                    + "shape " + Arrays.toString(exampleShape));
        }
        int count = features.length / per;
        if (targets.length != (long) count * targetWidth) {
            throw new IllegalArgumentException(count + " examples need " + (long) count * targetWidth
                    + " target values, got " + targets.length);
        }
        exampleShape = exampleShape.clone();
    }

    public int count() {
        return targets.length / targetWidth;
    }

    /** Values per example. */
    public int exampleSize() {
        int per = 1;
        for (int d : exampleShape) {
            per *= d;
        }
        return per;
    }

    /** A train/test pair. */
    public record Split(Dataset train, Dataset test) {
    }

    /**
     * A seeded random split, row for row the one scikit-learn's
     * {@code train_test_split(X, y, test_size=testFraction, random_state=seed)} makes (see
     * {@link SklearnSplit}): {@code ceil(count * testFraction)} examples go to the test part.
     */
    public Split split(double testFraction, long seed) {
        return SklearnSplit.split(this, testFraction, seed);
    }

    /** The examples at the given positions, copied, in that order. */
    public Dataset select(int[] rows) {
        int per = exampleSize();
        float[] x = new float[rows.length * per];
        float[] y = new float[rows.length * targetWidth];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(features, rows[i] * per, x, i * per, per);
            System.arraycopy(targets, rows[i] * targetWidth, y, i * targetWidth, targetWidth);
        }
        return new Dataset(x, exampleShape, y, targetWidth);
    }
}
