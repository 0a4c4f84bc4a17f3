package io.github.adagrad4j.nn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.optim.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every op's backward against central finite differences of its forward. The forward runs in
 * float32, so the difference quotient carries about ulp/eps of noise; the tolerance allows that.
 */
class GradientCheckTest {
    private static final double EPS = 1e-3;

    private static Parameter param(String name, Random r, int... shape) {
        Parameter p = Parameter.zeros(name, shape);
        for (int i = 0; i < p.size(); i++) {
            // Keep values away from 0 so ReLU/abs kinks are not straddled by +-EPS.
            double v = r.nextGaussian();
            p.data()[i] = (float) (Math.abs(v) < 0.05 ? 0.05 + v : v);
        }
        return p;
    }

    /** Checks d f / d p for every parameter against finite differences of f. */
    private static void check(String what, List<Parameter> params, Function<List<Tensor>, Tensor> f) {
        List<Tensor> leaves = new ArrayList<>();
        for (Parameter p : params) {
            p.zeroGrad();
            leaves.add(Tensor.of(p));
        }
        f.apply(leaves).backward();
        for (Parameter p : params) {
            float[] analytic = p.grad().clone();
            for (int i = 0; i < p.size(); i++) {
                float orig = p.data()[i];
                p.data()[i] = (float) (orig + EPS);
                double up = f.apply(fresh(params)).item();
                p.data()[i] = (float) (orig - EPS);
                double down = f.apply(fresh(params)).item();
                p.data()[i] = orig;
                double numeric = (up - down) / (2 * EPS);
                double tol = 2e-3 + 2e-2 * Math.abs(numeric);
                assertTrue(Math.abs(analytic[i] - numeric) <= tol,
                        what + ": d/d" + p.name() + "[" + i + "] analytic " + analytic[i] + " numeric " + numeric);
            }
        }
    }

    private static List<Tensor> fresh(List<Parameter> params) {
        List<Tensor> t = new ArrayList<>();
        for (Parameter p : params) {
            t.add(Tensor.of(p));
        }
        return t;
    }

    private static Tensor target(Random r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (float) r.nextGaussian();
        }
        return Tensor.of(t, shape);
    }

    @Test
    void linearAndMatmul() {
        Random r = new Random(1);
        Tensor y = target(r, 4, 3);
        check("linear", List.of(param("x", r, 4, 5), param("w", r, 3, 5), param("b", r, 3)),
                t -> Ops.mse(Ops.linear(t.get(0), t.get(1), t.get(2)), y));
        check("matmul", List.of(param("a", r, 4, 5), param("b", r, 5, 3)),
                t -> Ops.mse(Ops.matmul(t.get(0), t.get(1)), y));
        check("linearRelu", List.of(param("x", r, 4, 5), param("w", r, 3, 5), param("b", r, 3)),
                t -> Ops.mse(Ops.linearRelu(t.get(0), t.get(1), t.get(2)), y));
    }

    @Test
    void fusedReluOpsGiveTheBitsOfTheTwoOps() {
        Random r = new Random(11);
        List<Parameter> lin = List.of(param("x", r, 6, 7), param("w", r, 5, 7), param("b", r, 5));
        Tensor ly = target(r, 6, 5);
        assertSameBits(lin, t -> Ops.mse(Ops.relu(Ops.linear(t.get(0), t.get(1), t.get(2))), ly),
                t -> Ops.mse(Ops.linearRelu(t.get(0), t.get(1), t.get(2)), ly));
        List<Parameter> conv = List.of(param("x", r, 3, 2, 6, 6), param("w", r, 4, 2, 3, 3), param("b", r, 4));
        Tensor cy = target(r, 3, 4, 6, 6);
        assertSameBits(conv, t -> Ops.mse(Ops.relu(Conv.conv2d(t.get(0), t.get(1), t.get(2), 1, 1)), cy),
                t -> Ops.mse(Conv.conv2dRelu(t.get(0), t.get(1), t.get(2), 1, 1), cy));
    }

    /** Both functions give the same loss and the same gradients, bit for bit. */
    private static void assertSameBits(List<Parameter> params, Function<List<Tensor>, Tensor> a,
            Function<List<Tensor>, Tensor> b) {
        List<float[]> grads = new ArrayList<>();
        float[] losses = new float[2];
        int k = 0;
        for (Function<List<Tensor>, Tensor> f : List.of(a, b)) {
            for (Parameter p : params) {
                p.zeroGrad();
            }
            Tensor loss = f.apply(fresh(params));
            loss.backward();
            losses[k++] = loss.item();
            for (Parameter p : params) {
                grads.add(p.grad().clone());
            }
        }
        assertEquals(losses[0], losses[1]);
        for (int i = 0; i < params.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(grads.get(i), grads.get(i + params.size()),
                    "gradient of " + params.get(i).name());
        }
    }

    @Test
    void elementwiseActivations() {
        Random r = new Random(2);
        Tensor y = target(r, 3, 4);
        check("relu", List.of(param("x", r, 3, 4)), t -> Ops.mse(Ops.relu(t.get(0)), y));
        check("sigmoid", List.of(param("x", r, 3, 4)), t -> Ops.mse(Ops.sigmoid(t.get(0)), y));
        check("tanh", List.of(param("x", r, 3, 4)), t -> Ops.mse(Ops.tanh(t.get(0)), y));
        check("softmax", List.of(param("x", r, 3, 4)), t -> Ops.mse(Ops.softmax(t.get(0)), y));
        check("add", List.of(param("a", r, 3, 4), param("b", r, 3, 4)), t -> Ops.mse(Ops.add(t.get(0), t.get(1)), y));
        // The same seed each evaluation: the same mask, so the function being differentiated is fixed.
        check("dropout", List.of(param("x", r, 3, 4)),
                t -> Ops.mse(Ops.dropout(t.get(0), 0.3, new SplittableRandom(5), true), y));
    }

    @Test
    void losses() {
        Random r = new Random(3);
        int[] labels = {2, 0, 1, 2};
        check("crossEntropy", List.of(param("z", r, 4, 3)), t -> Ops.crossEntropy(t.get(0), labels));
        check("mse wrt both", List.of(param("p", r, 6), param("t", r, 6)), t -> Ops.mse(t.get(0), t.get(1)));
        check("mae", List.of(param("p", r, 6)), t -> Ops.mae(t.get(0), target(new Random(9), 6)));
        check("huber", List.of(param("p", r, 6)), t -> Ops.huber(t.get(0), target(new Random(9), 6), 0.7));
        float[] ys = {0, 1, 1, 0, 0.3f, 1};
        check("bceWithLogits", List.of(param("z", r, 6)), t -> Ops.bceWithLogits(t.get(0), Tensor.of(ys, 6)));
    }

    @Test
    void convolutionPoolingReshapeAndEmbedding() {
        Random r = new Random(4);
        Tensor y = target(r, 2, 3, 3, 3);
        check("conv2d stride 1 pad 1", List.of(param("x", r, 2, 2, 5, 5), param("w", r, 3, 2, 3, 3), param("b", r, 3)),
                t -> Ops.mse(Conv.maxPool2d(Conv.conv2d(t.get(0), t.get(1), t.get(2), 1, 1), 2, 2),
                        Tensor.of(target(new Random(8), 2, 3, 2, 2).data(), 2, 3, 2, 2)));
        check("conv2dRelu + maxPool2d 3x3 stride 2", List.of(param("x", r, 2, 2, 7, 7), param("w", r, 3, 2, 3, 3),
                param("b", r, 3)), t -> Ops.mse(Conv.maxPool2d(Conv.conv2dRelu(t.get(0), t.get(1), t.get(2), 1, 1), 3, 2),
                        target(new Random(10), 2, 3, 3, 3)));
        check("conv2d stride 2 pad 0", List.of(param("x", r, 2, 2, 7, 7), param("w", r, 3, 2, 3, 3)),
                t -> Ops.mse(Conv.conv2d(t.get(0), t.get(1), null, 2, 0), y));
        check("conv2d stride 2 pad 1, non-square", List.of(param("x", r, 1, 2, 6, 5), param("w", r, 2, 2, 3, 3)),
                t -> Ops.mse(Conv.conv2d(t.get(0), t.get(1), null, 2, 1), target(new Random(3), 1, 2, 3, 3)));
        check("flatten + channel bias", List.of(param("x", r, 2, 3, 2, 2), param("b", r, 3)),
                t -> Ops.mse(Ops.flatten(Ops.addChannelBias(t.get(0), t.get(1))), target(new Random(7), 2, 12)));
        check("embedding", List.of(param("e", r, 5, 3)),
                t -> Ops.mse(Ops.embedding(t.get(0), new int[] {4, 0, 4, 2}), target(new Random(6), 4, 3)));
    }

    @Test
    void crossEntropyMatchesItsDefinition() {
        Tensor z = Tensor.of(new float[] {1, 2, 3, 0, 0, 0}, 2, 3);
        double row0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1;
        double row1 = Math.log(3);
        assertEquals((row0 + row1) / 2, Ops.crossEntropy(z, new int[] {0, 2}).item(), 1e-6);
    }

    @Test
    void shapeMismatchesAreNamed() {
        Tensor x = Tensor.zeros(4, 5);
        Tensor w = Tensor.zeros(3, 6);
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Ops.linear(x, w, null));
        assertEquals("linear: input has 5 features but weight [3, 6] expects 6", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Ops.crossEntropy(Tensor.zeros(2, 3), new int[] {0, 3}));
        assertEquals("crossEntropy: label 3 of row 1 is outside [0, 3)", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2d(Tensor.zeros(1, 2, 5, 5), Tensor.zeros(4, 3, 3, 3), null, 1, 0));
        assertTrue(e.getMessage().contains("input has 2 channels"));
    }
}
