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
     * A seeded random split: {@code round(count * testFraction)} examples, chosen uniformly at
     * random, go to the test part; both parts keep the original order.
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        int n = count();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int test = (int) Math.round(n * testFraction);
        int[] testRows = java.util.Arrays.copyOfRange(perm, 0, test);
        int[] trainRows = java.util.Arrays.copyOfRange(perm, test, n);
        java.util.Arrays.sort(testRows);
        java.util.Arrays.sort(trainRows);
        return new Split(select(trainRows), select(testRows));
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
