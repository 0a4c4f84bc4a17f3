package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Kalman} through {@link Optimizer#observe}: where the model is linear and Gaussian its
 * filter is the exact posterior (a conjugate update, and one observation's update of a diagonal
 * prior), it learns a logistic model, gradient rules step through {@code observe} exactly as through
 * {@code stepCoordinates}, and what it cannot do is refused.
 */
class KalmanTest {

    /**
     * One weight, feature 1, squared loss {@code (w - y)^2} (derivative {@code 2 (w - y)}, curvature 2:
     * a Gaussian likelihood of variance 1/2): after n observations the filter holds the conjugate
     * posterior, precision {@code 1/s0 + 2n}, mean {@code 2 sum(y) / (1/s0 + 2n)}.
     */
    @Test
    void onAGaussianModelTheFilterIsTheConjugatePosterior() {
        double s0 = 0.3;
        Parameter w = Parameter.zeros("w", 4, 1);
        Optimizer opt = Kalman.builder().priorVariance(s0).build().on(List.of(w));
        Random r = new Random(3);
        double sumY = 0;
        for (int n = 1; n <= 200; n++) {
            double y = 1.5 + r.nextGaussian();
            sumY += y;
            double m = w.data()[2];
            assertThat(opt.observe(0, new int[] {2}, new float[] {1f}, 1, 2 * (m - y), 2)).isTrue();
            double precision = 1 / s0 + 2 * n;
            assertThat(w.data()[2]).as("mean after " + n).isCloseTo((float) (2 * sumY / precision), within(2e-5f));
            assertThat(opt.state("w").slot("variance")[2]).isCloseTo((float) (1 / precision), within(1e-6f));
        }
        assertThat(w.data()[0]).isZero();
        assertThat(opt.state("w").slot("variance")[0]).isEqualTo((float) s0);
        assertThat(opt.state("w").step()).isEqualTo(200);
    }

    /**
     * One observation of several weights with a diagonal prior: the exact Gaussian posterior's mean
     * is {@code mu - S x (m - y) / (R + x'Sx)} and its diagonal {@code s_k - s_k^2 x_k^2 / (R + x'Sx)};
     * the filter with lr 1 is both (and lr scales only the means' step).
     */
    @Test
    void oneObservationOfManyWeightsIsTheExactPosteriorOfADiagonalPrior() {
        int[] idx = {7, 1, 4};
        float[] x = {1f, -2f, 0.5f};
        float[] s = {0.2f, 0.05f, 1f};
        float[] mu = {0.1f, -0.3f, 0.7f};
        for (double lr : new double[] {1, 0.5}) {
            Parameter w = Parameter.zeros("w", 8, 1);
            Optimizer opt = Kalman.builder().lr(lr).priorVariance(9).build().on(List.of(w));
            for (int k = 0; k < 3; k++) {
                w.data()[idx[k]] = mu[k];
                opt.state("w").slot("variance")[idx[k]] = s[k];
            }
            double y = 2;
            double noise = 0.5;   // squared loss: curvature 2
            double m = 0;
            double v = 0;
            for (int k = 0; k < 3; k++) {
                m += mu[k] * x[k];
                v += s[k] * x[k] * x[k];
            }
            opt.observe(0, idx, x, 3, 2 * (m - y), 2);
            for (int k = 0; k < 3; k++) {
                double mean = mu[k] - lr * s[k] * x[k] * (m - y) / (noise + v);
                double var = s[k] - s[k] * s[k] * x[k] * x[k] / (noise + v);
                assertThat(w.data()[idx[k]]).as("mean " + k + ", lr " + lr).isCloseTo((float) mean, within(1e-6f));
                assertThat(opt.state("w").slot("variance")[idx[k]]).as("variance " + k).isCloseTo((float) var,
                        within(1e-7f));
            }
            assertThat(opt.state("w").slot("variance")[0]).isEqualTo(9f);
        }
    }

    /**
     * A logistic stream of one-hot ids (true weights drawn from the prior, ids seen from 800 to 3,700
     * times): the filter's weights come within the data's own noise of the true ones (a logit's standard
     * error is 0.04 to 0.08 here), and a weight seen more often is more certain.
     */
    @Test
    void itLearnsALogisticModelOfSparseIds() {
        int ids = 40;
        Random truth = new Random(5);
        double[] beta = new double[ids];
        for (int i = 0; i < ids; i++) {
            beta[i] = 0.5 * truth.nextGaussian();
        }
        Parameter w = Parameter.zeros("w", ids + 1, 1);
        Optimizer opt = Kalman.builder().build().on(List.of(w));
        Random r = new Random(6);
        float[] x = {1f, 1f};
        for (int t = 0; t < 60_000; t++) {
            int id = (int) Math.floor(Math.pow(r.nextDouble(), 1.5) * ids);
            double p = 1 / (1 + Math.exp(-(beta[id] - 0.5)));
            double y = r.nextDouble() < p ? 1 : 0;
            int[] idx = {id, ids};
            double m = w.data()[id] + w.data()[ids];
            double q = 1 / (1 + Math.exp(-m));
            opt.observe(0, idx, x, 2, q - y, q * (1 - q));
        }
        // Identified up to the shared intercept: compare each id's weight plus the intercept to its true logit.
        double worst = 0;
        for (int i = 0; i < ids; i++) {
            worst = Math.max(worst, Math.abs(w.data()[i] + w.data()[ids] - (beta[i] - 0.5)));
        }
        assertThat(worst).isLessThan(0.2);
        float[] variance = opt.state("w").slot("variance");
        assertThat(variance[0]).isLessThan(variance[ids - 1]);   // id 0 is the most frequent, the last the rarest
        assertThat(variance[ids]).isLessThan(variance[0]);       // the intercept is in every example
    }

    @Test
    void aGradientRuleStepsThroughObserveExactlyAsThroughStepCoordinates() {
        for (UpdateRule[] pair : List.of(new UpdateRule[] {new AdaGrad(0.1), new AdaGrad(0.1)},
                new UpdateRule[] {Ftrl.builder().alpha(0.2).l1(0.1).build(), Ftrl.builder().alpha(0.2).l1(0.1).build()})) {
            Parameter a = Parameter.zeros("w", 100, 1);
            Parameter b = Parameter.zeros("w", 100, 1);
            Optimizer viaObserve = pair[0].on(List.of(a));
            Optimizer viaGradient = pair[1].on(List.of(b));
            Random r = new Random(8);
            for (int t = 0; t < 500; t++) {
                int[] idx = {r.nextInt(50), 50 + r.nextInt(50)};
                float[] x = {(float) r.nextGaussian(), 1f};
                double residual = r.nextDouble() - 0.5;
                viaObserve.observe(0, idx, x, 2, residual, 0.25);
                viaGradient.stepCoordinates(0, idx, new float[] {(float) (residual * x[0]), (float) (residual * x[1])}, 2);
            }
            assertThat(a.data()).as(pair[0].name()).isEqualTo(b.data());
            for (String slot : pair[0].slotNames()) {
                assertThat(viaObserve.state("w").slot(slot)).isEqualTo(viaGradient.state("w").slot(slot));
            }
        }
    }

    @Test
    void aNonFiniteObservationChangesNothingAndGradientStepsAreRefused() {
        Parameter w = Parameter.zeros("w", 10, 1);
        Optimizer opt = Kalman.builder().build().on(List.of(w));
        opt.observe(0, new int[] {1, 2}, new float[] {1, 1}, 2, 0.5, 0.25);
        float[] before = w.data().clone();
        float[] variance = opt.state("w").slot("variance").clone();
        assertThatThrownBy(() -> opt.observe(0, new int[] {3, 4}, new float[] {1, Float.NaN}, 2, 0.5, 0.25))
                .isInstanceOf(NonFiniteGradientException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> opt.observe(0, new int[] {3, 4}, new float[] {1, 1}, 2, Double.NaN, 0.25))
                .isInstanceOf(NonFiniteGradientException.class);
        // Finite numbers whose step overflows a float weight.
        assertThatThrownBy(() -> opt.observe(0, new int[] {3, 4}, new float[] {1, 1}, 2, 1e300, 0))
                .isInstanceOf(NonFiniteGradientException.class).hasMessageContaining("the weight would become");
        assertThatThrownBy(() -> opt.observe(0, new int[] {3}, new float[] {1}, 1, 0.5, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("curvature must be >= 0, got -1");
        assertThat(w.data()).isEqualTo(before);
        assertThat(opt.state("w").slot("variance")).isEqualTo(variance);
        assertThat(opt.state("w").step()).isEqualTo(1);

        w.grad()[0] = 1;
        assertThatThrownBy(opt::step).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("optimizer 'kalman' learns from one example of a linear model at a time");
        assertThatThrownBy(() -> opt.stepCoordinates(0, new int[] {0}, new float[] {1}, 1))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Kalman.builder().build().update(Map.of("w", new float[2]), Map.of("w", new float[2])))
                .isInstanceOf(IllegalStateException.class);
        assertThat(w.data()).isEqualTo(before);
    }

    @Test
    void rulesBuildsItFromTextAndItsCheckpointNameAndOptionsAreStable() {
        UpdateRule k = Rules.create("kalman", Map.of("prior-variance", "0.1", "lr", "0.5"));
        assertThat(k).isInstanceOf(Kalman.class);
        assertThat(k.name()).isEqualTo("kalman");
        assertThat(k.hyperparameters()).containsEntry("prior_variance", 0.1).containsEntry("lr", 0.5);
        assertThat(k.slotNames()).containsExactly("variance");
        assertThat(Rules.FILTERS).containsExactly("kalman");
        assertThat(Rules.NAMES).doesNotContain("kalman");
        assertThatThrownBy(() -> Rules.create("kalman", Map.of("eps", "1"))).hasMessageContaining(
                "option 'eps' does not apply to optimizer 'kalman' (kalman takes lr, prior-variance)");
        assertThatThrownBy(() -> Rules.create("kalman", Map.of("prior-variance", "0")))
                .hasMessageContaining("priorVariance must be > 0");
    }
}
