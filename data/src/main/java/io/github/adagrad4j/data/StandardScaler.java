package io.github.adagrad4j.data;

/**
 * Standardises features to zero mean and unit variance, with statistics fitted on the training
 * part only (scikit-learn's {@code StandardScaler}: population standard deviation; constant
 * features are centred and left unscaled).
 *
 * <pre>{@code
 * StandardScaler s = StandardScaler.fit(split.train());
 * Dataset train = s.transform(split.train());
 * Dataset test = s.transform(split.test());      // the training statistics, applied
 * }</pre>
 */
public final class StandardScaler {
    private final double[] mean;
    private final double[] scale;

    private StandardScaler(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    public static StandardScaler fit(Dataset d) {
        int f = d.exampleSize();
        int n = d.count();
        double[] mean = new double[f];
        double[] m2 = new double[f];
        float[] x = d.features();
        // Welford's update: stable for large, offset features.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < f; j++) {
                double v = x[i * f + j];
                double delta = v - mean[j];
                mean[j] += delta / (i + 1);
                m2[j] += delta * (v - mean[j]);
            }
        }
        double[] scale = new double[f];
        for (int j = 0; j < f; j++) {
            double sd = Math.sqrt(m2[j] / n);
            scale[j] = sd > 0 ? sd : 1;
        }
        return new StandardScaler(mean, scale);
    }

    /** A standardised copy; targets are shared unchanged. */
    public Dataset transform(Dataset d) {
        int f = mean.length;
        if (d.exampleSize() != f) {
            throw new IllegalArgumentException("scaler was fitted on " + f + " features, data has " + d.exampleSize());
        }
        float[] x = d.features();
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int j = i % f;
            out[i] = (float) ((x[i] - mean[j]) / scale[j]);
        }
        return new Dataset(out, d.exampleShape(), d.targets(), d.targetWidth());
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] scale() {
        return scale.clone();
    }
}
