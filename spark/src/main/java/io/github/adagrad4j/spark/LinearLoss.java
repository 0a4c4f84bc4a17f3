package io.github.adagrad4j.spark;

/**
 * The loss of a linear model on one example, from its margins {@code m} (one per output), and the
 * loss's derivative with respect to each margin. Binary logistic regression has one output (the
 * log-odds of class 1), softmax regression one per class, the regressions one.
 */
enum LinearLoss {
    /** {@code log(1 + e^m) - y m}, y in {0, 1}. */
    LOGISTIC {
        @Override
        double lossAndGrad(double[] m, double y, double delta, double[] dm) {
            double z = m[0];
            double p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
            dm[0] = p - y;
            return (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
        }
    },
    /** {@code logsumexp(m) - m[y]}, y in {0 .. k-1}. */
    SOFTMAX {
        @Override
        double lossAndGrad(double[] m, double y, double delta, double[] dm) {
            int k = m.length;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : m) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                dm[j] = Math.exp(m[j] - max);
                sum += dm[j];
            }
            int label = (int) y;
            for (int j = 0; j < k; j++) {
                dm[j] = dm[j] / sum - (j == label ? 1 : 0);
            }
            return Math.log(sum) + max - m[label];
        }
    },
    /** {@code (m - y)^2 / 2}. */
    SQUARED {
        @Override
        double lossAndGrad(double[] m, double y, double delta, double[] dm) {
            double r = m[0] - y;
            dm[0] = r;
            return 0.5 * r * r;
        }
    },
    /** Huber: {@code r^2 / 2} for {@code |r| <= delta}, {@code delta (|r| - delta / 2)} beyond. */
    HUBER {
        @Override
        double lossAndGrad(double[] m, double y, double delta, double[] dm) {
            double r = m[0] - y;
            if (Math.abs(r) <= delta) {
                dm[0] = r;
                return 0.5 * r * r;
            }
            dm[0] = Math.copySign(delta, r);
            return delta * (Math.abs(r) - 0.5 * delta);
        }
    };

    /** Writes dLoss/dm to {@code dm} and returns the loss; {@code delta} is Huber's threshold. */
    abstract double lossAndGrad(double[] m, double y, double delta, double[] dm);
}
