package io.github.adagrad4j.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rules and options that PyTorch does not have (AdaBound/AMSBound, the Keras AdaGrad preset, eps
 * inside the square root) against their published formulas, written out here in double
 * precision. Tolerance is float32 rounding accumulated over 25 steps: 1e-5 * max(1, |ref|).
 */
class ReferenceFormulaTest {
    private static final int STEPS = 25;
    private static final int N = 40;

    private static float[][] gradients(long seed) {
        Random r = new Random(seed);
        float[][] g = new float[STEPS][N];
        for (float[] row : g) {
            for (int i = 0; i < N; i++) {
                // Coordinates of very different scales, and a few exact zeros.
                row[i] = i % 7 == 0 ? 0f : (float) (r.nextGaussian() * Math.pow(10, (i % 4) - 2));
            }
        }
        return g;
    }

    private static float[] init(long seed) {
        Random r = new Random(seed);
        float[] w = new float[N];
        for (int i = 0; i < N; i++) {
            w[i] = (float) r.nextGaussian();
        }
        return w;
    }

    private static void assertClose(String what, double[] ref, float[] ours) {
        for (int i = 0; i < ref.length; i++) {
            double tol = 1e-5 * Math.max(1, Math.abs(ref[i]));
            assertTrue(Math.abs(ours[i] - ref[i]) <= tol,
                    what + "[" + i + "]: ours " + ours[i] + ", reference " + ref[i]);
        }
    }

    /** Luo et al. 2019, Algorithm 2/3 as in the authors' reference code, in double. */
    private static void checkAdaBound(boolean amsbound, LrSchedule schedule) {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, finalLr = 0.1, gamma = 1e-3, eps = 1e-8, wd = 0.01;
        AdaBound rule = AdaBound.builder().lr(lr).finalLr(finalLr).gamma(gamma).weightDecay(wd)
                .amsbound(amsbound).build();
        float[] w0 = init(1);
        float[][] grads = gradients(2);
        Parameter p = new Parameter("w", w0.clone());
        Optimizer opt = rule.on(List.of(p), OptimizerOptions.builder().threads(1).schedule(schedule).build());

        double[] w = new double[N];
        double[] m = new double[N];
        double[] v = new double[N];
        double[] vmax = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = w0[i];
        }
        for (int t = 1; t <= STEPS; t++) {
            double lrT = schedule.lr(lr, t - 1);
            double fl = finalLr * lrT / lr;
            double lower = fl * (1 - 1 / (gamma * t + 1));
            double upper = fl * (1 + 1 / (gamma * t));
            double stepSize = lrT * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < N; i++) {
                double g = grads[t - 1][i] + wd * w[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                vmax[i] = Math.max(vmax[i], v[i]);
                double denom = Math.sqrt(amsbound ? vmax[i] : v[i]) + eps;
                double eta = Math.min(Math.max(stepSize / denom, lower), upper);
                w[i] -= eta * m[i];
            }
            System.arraycopy(grads[t - 1], 0, p.grad(), 0, N);
            opt.step();
            assertClose(rule.name() + " step " + t + " w", w, p.data());
            assertClose(rule.name() + " step " + t + " exp_avg", m, opt.state("w").slot("exp_avg"));
            if (amsbound) {
                assertClose("amsbound step " + t + " max_exp_avg_sq", vmax, opt.state("w").slot("max_exp_avg_sq"));
            }
        }
    }

    @Test
    void adaBoundFollowsThePaper() {
        checkAdaBound(false, LrSchedule.constant());
    }

    @Test
    void amsBoundFollowsThePaper() {
        checkAdaBound(true, LrSchedule.constant());
    }

    @Test
    void adaBoundFinalRateFollowsTheSchedule() {
        checkAdaBound(false, LrSchedule.step(5, 0.5));
    }

    /** Keras 3 {@code keras.optimizers.Adagrad.update_step}: acc += g^2; w -= lr * g / sqrt(acc + eps). */
    @Test
    void kerasPresetFollowsKeras3() {
        double lr = 0.001, acc0 = 0.1, eps = 1e-7;
        float[] w0 = init(3);
        float[][] grads = gradients(4);
        Parameter p = new Parameter("w", w0.clone());
        Optimizer opt = AdaGrad.keras().on(List.of(p), OptimizerOptions.builder().threads(1).build());
        double[] w = new double[N];
        double[] acc = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = w0[i];
            acc[i] = acc0;
        }
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < N; i++) {
                double g = grads[t - 1][i];
                acc[i] += g * g;
                w[i] -= lr * g / Math.sqrt(acc[i] + eps);
            }
            System.arraycopy(grads[t - 1], 0, p.grad(), 0, N);
            opt.step();
            assertClose("keras step " + t + " w", w, p.data());
            assertClose("keras step " + t + " sum", acc, opt.state("w").slot("sum"));
        }
    }

    /** eps inside the square root combined with PyTorch's other options. */
    @Test
    void epsInsideSqrtWithLrDecayWeightDecayAndMaximize() {
        double lr = 0.1, lrDecay = 0.05, wd = 0.1, acc0 = 0.2, eps = 1e-4;
        AdaGrad rule = AdaGrad.builder().lr(lr).lrDecay(lrDecay).weightDecay(wd).initialAccumulator(acc0).eps(eps)
                .epsInsideSqrt(true).maximize(true).build();
        float[] w0 = init(5);
        float[][] grads = gradients(6);
        Parameter p = new Parameter("w", w0.clone());
        Optimizer opt = rule.on(List.of(p), OptimizerOptions.builder().threads(1).build());
        double[] w = new double[N];
        double[] acc = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = w0[i];
            acc[i] = acc0;
        }
        for (int t = 1; t <= STEPS; t++) {
            double clr = lr / (1 + (t - 1) * lrDecay);
            for (int i = 0; i < N; i++) {
                double g = -grads[t - 1][i] + wd * w[i];
                acc[i] += g * g;
                w[i] -= clr * g / Math.sqrt(acc[i] + eps);
            }
            System.arraycopy(grads[t - 1], 0, p.grad(), 0, N);
            opt.step();
            assertClose("eps-inside step " + t + " w", w, p.data());
        }
    }

    /** McMahan et al. 2013, Algorithm 1 (per-coordinate FTRL-Proximal), in double. */
    @Test
    void ftrlFollowsThePaperAndProducesExactZeros() {
        double alpha = 0.1, beta = 1.0, l1 = 0.3, l2 = 0.05;
        Ftrl rule = Ftrl.builder().alpha(alpha).beta(beta).l1(l1).l2(l2).build();
        float[][] grads = gradients(11);
        Parameter p = Parameter.zeros("w", N);
        Optimizer opt = rule.on(List.of(p), OptimizerOptions.builder().threads(1).build());
        double[] z = new double[N];
        double[] n = new double[N];
        double[] w = new double[N];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < N; i++) {
                double g = grads[t - 1][i];
                double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / alpha;
                z[i] += g - sigma * w[i];
                n[i] += g * g;
                w[i] = Math.abs(z[i]) <= l1 ? 0 : -(z[i] - Math.signum(z[i]) * l1) / ((beta + Math.sqrt(n[i])) / alpha + l2);
            }
            System.arraycopy(grads[t - 1], 0, p.grad(), 0, N);
            opt.step();
            assertClose("ftrl step " + t + " w", w, p.data());
            assertClose("ftrl step " + t + " z", z, opt.state("w").slot("z"));
        }
        int zeros = 0;
        for (int i = 0; i < N; i++) {
            if (w[i] == 0) {
                zeros++;
                assertTrue(p.data()[i] == 0f, "reference weight " + i + " is exactly 0, ours " + p.data()[i]);
            }
        }
        assertTrue(zeros > 5, "l1 should zero the small-gradient coordinates, zeros: " + zeros);
    }

    /** Duchi et al. 2011, AdaGrad RDA with l1 and l2 (closed form per coordinate), in double. */
    @Test
    void adaGradRdaFollowsThePaper() {
        double lr = 0.5, l1 = 0.05, l2 = 0.01, delta = 0.1;
        AdaGradRda rule = AdaGradRda.builder().lr(lr).l1(l1).l2(l2).delta(delta).build();
        float[][] grads = gradients(12);
        Parameter p = Parameter.zeros("w", N);
        Optimizer opt = rule.on(List.of(p), OptimizerOptions.builder().threads(1).build());
        double[] u = new double[N];
        double[] sum = new double[N];
        double[] w = new double[N];
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < N; i++) {
                double g = grads[t - 1][i];
                u[i] += g;
                sum[i] += g * g;
                double avg = Math.abs(u[i]) / t;
                w[i] = avg <= l1 ? 0 : -Math.signum(u[i]) * (avg - l1) / (l2 + (delta + Math.sqrt(sum[i])) / (lr * t));
            }
            System.arraycopy(grads[t - 1], 0, p.grad(), 0, N);
            opt.step();
            assertClose("rda step " + t + " w", w, p.data());
        }
        long zeros = java.util.stream.IntStream.range(0, N).filter(i -> p.data()[i] == 0f).count();
        assertTrue(zeros > 5, "l1 should zero coordinates, zeros: " + zeros);
    }

    /** Duchi et al. 2011 composite mirror descent / TensorFlow ApplyProximalAdagrad, in double. */
    @Test
    void proximalAdaGradFollowsTheClosedForm() {
        double lr = 0.1, l1 = 0.02, l2 = 0.1, acc0 = 0.1;
        ProximalAdaGrad rule = ProximalAdaGrad.builder().lr(lr).l1(l1).l2(l2).initialAccumulator(acc0).eps(0).build();
        float[] w0 = init(13);
        float[][] grads = gradients(14);
        Parameter p = new Parameter("w", w0.clone());
        Optimizer opt = rule.on(List.of(p), OptimizerOptions.builder().threads(1).build());
        double[] w = new double[N];
        double[] sum = new double[N];
        for (int i = 0; i < N; i++) {
            w[i] = w0[i];
            sum[i] = acc0;
        }
        for (int t = 1; t <= STEPS; t++) {
            for (int i = 0; i < N; i++) {
                double g = grads[t - 1][i];
                sum[i] += g * g;
                double a = lr / Math.sqrt(sum[i]);
                double v = w[i] - a * g;
                w[i] = Math.signum(v) * Math.max(Math.abs(v) - a * l1, 0) / (1 + a * l2);
            }
            System.arraycopy(grads[t - 1], 0, p.grad(), 0, N);
            opt.step();
            assertClose("proximal step " + t + " w", w, p.data());
        }
    }
}
