package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonFiniteGradientTest {

    /** Two parameters, one big enough to be chunked; gradient of "b" poisoned at {@code badIndex}. */
    private static List<Parameter> params(float bad, int badIndex) {
        Parameter a = new Parameter("a", new float[200_000]);
        Parameter b = new Parameter("b", new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 2, 5);
        java.util.Arrays.fill(a.data(), 0.5f);
        java.util.Arrays.fill(a.grad(), 0.1f);
        java.util.Arrays.fill(b.grad(), -0.2f);
        b.grad()[badIndex] = bad;
        return List.of(a, b);
    }

    private static float[][] snapshot(Optimizer opt) {
        List<Parameter> ps = opt.parameters();
        float[][] s = new float[ps.size() * 3][];
        int k = 0;
        for (Parameter p : ps) {
            s[k++] = p.data().clone();
            s[k++] = p.grad().clone();
            s[k++] = opt.state(p.name()).slot("exp_avg").clone();
        }
        return s;
    }

    private static Optimizer adam(List<Parameter> ps, NonFinitePolicy policy, GradientClipping clipping) {
        return new Adam(0.01).on(ps, OptimizerOptions.builder().threads(2).nonFinite(policy).clipping(clipping).build());
    }

    @Test
    void throwNamesParameterAndFirstBadIndexAndChangesNothing() {
        for (GradientClipping clipping : List.of(GradientClipping.none(), GradientClipping.globalNorm(1.0),
                GradientClipping.value(0.1), GradientClipping.perParameterNorm(1.0, Double.POSITIVE_INFINITY))) {
            Optimizer opt = adam(params(Float.NaN, 7), NonFinitePolicy.THROW, clipping);
            opt.parameters().get(1).grad()[9] = Float.POSITIVE_INFINITY; // a later bad value is not the one named
            float[][] before = snapshot(opt);
            assertThatThrownBy(opt::step)
                    .isInstanceOf(NonFiniteGradientException.class)
                    .hasMessageContaining("'b'").hasMessageContaining("index 7").hasMessageContaining("NaN")
                    .satisfies(e -> {
                        NonFiniteGradientException n = (NonFiniteGradientException) e;
                        assertThat(n.parameter()).isEqualTo("b");
                        assertThat(n.index()).isEqualTo(7);
                    });
            assertThat(java.util.Arrays.deepEquals(snapshot(opt), before)).as("unchanged after THROW with " + clipping).isTrue();
            assertThat(opt.state("a").step()).isZero();
            assertThat(opt.stepCount()).isZero();
        }
    }

    /**
     * The check's worst case: the only bad value is the very last element of the last parameter,
     * in the last chunk of the last thread's block, so every other chunk has been checked (and, in
     * a design that updates before it has seen everything, written) by the time it is found. Every
     * rule PyTorch 2 fuses, on 1 to 3 threads, under THROW and SKIP_STEP: every weight, every
     * state slot and every step count stays as it was.
     */
    @Test
    void aNaNInTheLastChunkOfTheLastParameterLeavesEveryWeightAndStateUntouched() {
        int chunk = Engine.CHUNK;
        List<UpdateRule> rules = List.of(new AdaGrad(0.1), new Adam(0.01), AdamW.builder().lr(0.01).build(),
                Sgd.builder().lr(0.1).momentum(0.9).nesterov(true).build());
        for (UpdateRule rule : rules) {
            for (int threads = 1; threads <= 3; threads++) {
                for (NonFinitePolicy policy : List.of(NonFinitePolicy.THROW, NonFinitePolicy.SKIP_STEP)) {
                    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
                    List<Parameter> ps = List.of(Parameter.zeros("first", 3 * chunk + 5), Parameter.zeros("small", 17),
                            Parameter.zeros("last", 5 * chunk - 3));
                    Optimizer opt = rule.on(ps, OptimizerOptions.builder().threads(threads).nonFinite(policy).build());
                    for (int step = 0; step < 2; step++) { // state that is not the initial value
                        for (Parameter p : ps) {
                            for (int i = 0; i < p.size(); i++) {
                                p.data()[i] = step == 0 ? (float) r.nextDouble(-1, 1) : p.data()[i];
                                p.grad()[i] = (float) r.nextDouble(-1, 1);
                            }
                        }
                        opt.step();
                    }
                    float[] lastGrad = ps.get(2).grad();
                    lastGrad[lastGrad.length - 1] = Float.NaN;
                    List<float[]> before = everything(opt);
                    String what = rule.name() + ", " + threads + " threads, " + policy;
                    if (policy == NonFinitePolicy.THROW) {
                        assertThatThrownBy(opt::step).as(what).isInstanceOf(NonFiniteGradientException.class)
                                .hasMessageContaining("'last'").hasMessageContaining("index " + (lastGrad.length - 1));
                    } else {
                        assertThat(opt.step()).as(what).isFalse();
                    }
                    List<float[]> after = everything(opt);
                    for (int k = 0; k < before.size(); k++) {
                        assertThat(after.get(k)).as(what + ", array " + k).isEqualTo(before.get(k));
                    }
                    for (Parameter p : ps) {
                        assertThat(opt.state(p.name()).step()).as(what).isEqualTo(2);
                    }
                }
            }
        }
    }

    /** Every weight, gradient and state slot of the optimizer, copied. */
    private static List<float[]> everything(Optimizer opt) {
        List<float[]> all = new java.util.ArrayList<>();
        for (Parameter p : opt.parameters()) {
            all.add(p.data().clone());
            all.add(p.grad().clone());
            ParamState s = opt.state(p.name());
            for (String slot : s.slotNames()) {
                all.add(s.slot(slot).clone());
            }
        }
        return all;
    }

    @Test
    void infinityIsReportedToo() {
        Optimizer opt = adam(params(Float.NEGATIVE_INFINITY, 3), NonFinitePolicy.THROW, GradientClipping.none());
        assertThatThrownBy(opt::step).isInstanceOf(NonFiniteGradientException.class)
                .hasMessageContaining("-Infinity at index 3");
    }

    @Test
    void skipStepLeavesEverythingAndCounts() {
        Optimizer opt = adam(params(Float.NaN, 0), NonFinitePolicy.SKIP_STEP, GradientClipping.globalNorm(1.0));
        float[][] before = snapshot(opt);
        assertThat(opt.step()).isFalse();
        assertThat(java.util.Arrays.deepEquals(snapshot(opt), before)).as("unchanged after SKIP_STEP").isTrue();
        assertThat(opt.skippedSteps()).isEqualTo(1);
        assertThat(opt.stepCount()).isZero();
        // Once the gradient is clean, the next step goes through as the first step.
        opt.parameters().get(1).grad()[0] = 0.3f;
        assertThat(opt.step()).isTrue();
        assertThat(opt.state("b").step()).isEqualTo(1);
        assertThat(opt.stepCount()).isEqualTo(1);
    }

    @Test
    void ignoreAppliesTheStepAsPyTorchWould() {
        Optimizer opt = adam(params(Float.NaN, 4), NonFinitePolicy.IGNORE, GradientClipping.none());
        assertThat(opt.step()).isTrue();
        assertThat(opt.parameters().get(1).data()[4]).isNaN();
        assertThat(opt.parameters().get(1).data()[3]).isNotNaN();
    }

    @Test
    void mapApiRejectsNonFiniteGradientWithoutCreatingState() {
        AdaGrad ada = new AdaGrad(0.1);
        float[] w = {1, 2};
        assertThatThrownBy(() -> ada.update(java.util.Map.of("w", w), java.util.Map.of("w", new float[] {0, Float.NaN})))
                .isInstanceOf(NonFiniteGradientException.class).hasMessageContaining("'w'");
        assertThat(w).containsExactly(1, 2);
        assertThat(ada.stateKeys()).isEmpty();
    }
}
