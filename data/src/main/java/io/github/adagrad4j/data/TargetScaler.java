package io.github.adagrad4j.data;

import java.util.Arrays;

/**
 * Standardises regression targets with the training rows' statistics, and undoes it on
 * predictions: scikit-learn's {@code TransformedTargetRegressor(transformer=StandardScaler())}.
 * A network trained on targets in the hundreds of thousands starts its outputs near 0 and its
 * optimizer takes steps of about the learning rate: without scaling it never gets there.
 * Population standard deviation; a constant target column is centred and left unscaled.
 *
 * <pre>{@code
 * TargetScaler t = TargetScaler.fit(train);
 * float v = t.unscale(networkOutput, 0);      // back in the target's own units
 * }</pre>
 *
 * @param mean per target column
 * @param scale per target column, > 0
 */
public record TargetScaler(double[] mean, double[] scale) {
    public TargetScaler {
        if (mean.length == 0 || mean.length != scale.length) {
            throw new IllegalArgumentException("target scaling needs one mean and one scale per target column, got "
                    + mean.length + " means and " + scale.length + " scales");
        }
        for (int k = 0; k < mean.length; k++) {
            if (!Double.isFinite(mean[k]) || !(scale[k] > 0) || !Double.isFinite(scale[k])) {
                throw new IllegalArgumentException("target column " + k + ": mean must be finite and scale finite and "
                        + "> 0, got mean " + mean[k] + ", scale " + scale[k]);
            }
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** The statistics of a data set's targets. */
    public static TargetScaler fit(Dataset d) {
        int w = d.targetWidth();
        int n = d.count();
        if (n == 0) {
            throw new IllegalArgumentException("target scaling needs at least one training row");
        }
        double[] mean = new double[w];
        double[] m2 = new double[w];
        float[] y = d.targets();
        // Welford's update: stable for large, offset targets (prices).
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < w; k++) {
                double v = y[i * w + k];
                double delta = v - mean[k];
                mean[k] += delta / (i + 1);
                m2[k] += delta * (v - mean[k]);
            }
        }
        double[] scale = new double[w];
        for (int k = 0; k < w; k++) {
            double sd = Math.sqrt(m2[k] / n);
            scale[k] = sd > 0 && Double.isFinite(sd) ? sd : 1;
        }
        return new TargetScaler(mean, scale);
    }

    /** Target columns. */
    public int width() {
        return mean.length;
    }

    /** The standardised value of column {@code k}. */
    public float scale(float value, int k) {
        return (float) ((value - mean[k]) / scale[k]);
    }

    /** The value in the target's units of a standardised column-{@code k} value. */
    public float unscale(float value, int k) {
        return (float) (value * scale[k] + mean[k]);
    }

    /** Rows of {@link #width()} standardised values, back in the target's units, in place. */
    public float[] unscaleInPlace(float[] rows) {
        int w = mean.length;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = unscale(rows[i], i % w);
        }
        return rows;
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetScaler t && Arrays.equals(mean, t.mean) && Arrays.equals(scale, t.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "TargetScaler[mean=" + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
