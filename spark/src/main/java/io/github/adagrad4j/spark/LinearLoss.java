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
            dm[0] = Probabilities.sigmoid(z) - y;
            return (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
        }
    },
    /** {@code logsumexp(m) - m[y]}, y in {0 .. k-1}. */
    SOFTMAX {
        @Override
        double lossAndGrad(double[] m, double y, double delta, double[] dm) {
            System.arraycopy(m, 0, dm, 0, m.length);
            double logSumExp = Probabilities.softmaxInPlace(dm);
            int label = (int) y;
            dm[label] -= 1;
            return logSumExp - m[label];
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
