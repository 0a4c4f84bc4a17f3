package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The numpy-class style API: {@code update(params, grads)} on named arrays. */
class SeedApiTest {

    /** The classic class: {@code h += g*g; p -= lr * g / (sqrt(h) + eps)}, state created on first sight of a key. */
    @Test
    void adaGradUpdateIsTheClassicNumpyClass() {
        double lr = 0.1;
        double eps = 1e-10;
        AdaGrad ada = new AdaGrad(lr);
        float[] w = {1f, -2f, 0.5f};
        float[] dw = new float[3];
        double[] refW = {1, -2, 0.5};
        double[] h = new double[3];
        Random r = new Random(3);
        for (int step = 0; step < 50; step++) {
            for (int i = 0; i < 3; i++) {
                dw[i] = (float) r.nextGaussian();
                h[i] += (double) dw[i] * dw[i];
                refW[i] -= lr * dw[i] / (Math.sqrt(h[i]) + eps);
            }
            ada.update(Map.of("w", w), Map.of("w", dw));
        }
        for (int i = 0; i < 3; i++) {
            assertThat((double) w[i]).isCloseTo(refW[i], within(1e-5));
            assertThat((double) ada.state("w").slot("sum")[i]).isCloseTo(h[i], within(1e-4 * h[i]));
        }
        assertThat(ada.state("w").step()).isEqualTo(50);
    }

    /** Every rule offers the same update(), and it computes exactly what the Optimizer computes. */
    @Test
    void everyRuleUpdatesNamedArraysExactlyAsTheOptimizer() {
        List<Supplier<UpdateRule>> rules = List.of(() -> new AdaGrad(0.1), () -> new Sgd(0.1),
                () -> Sgd.builder().lr(0.1).momentum(0.9).build(), () -> new Adam(0.01), () -> new AdamW(0.01),
                () -> new RmsProp(0.01), () -> Adadelta.builder().build(), () -> Adamax.builder().build(),
                () -> AdaBound.builder().build());
        for (Supplier<UpdateRule> make : rules) {
            UpdateRule viaMap = make.get();
            Parameter a = new Parameter("a", new float[] {1, 2, 3, 4}, 2, 2);
            Parameter b = new Parameter("b", new float[] {-1});
            Optimizer opt = make.get().on(List.of(a, b));
            Map<String, float[]> params = new LinkedHashMap<>();
            params.put("a", a.data().clone());
            params.put("b", b.data().clone());
            Random r = new Random(9);
            for (int step = 0; step < 10; step++) {
                Map<String, float[]> grads = new LinkedHashMap<>();
                List<Parameter> ps = new ArrayList<>(List.of(a, b));
                for (Parameter p : ps) {
                    for (int i = 0; i < p.size(); i++) {
                        p.grad()[i] = (float) r.nextGaussian();
                    }
                    grads.put(p.name(), p.grad().clone());
                }
                opt.step();
                viaMap.update(params, grads);
            }
            assertThat(params.get("a")).as(viaMap.name()).containsExactly(a.data());
            assertThat(params.get("b")).as(viaMap.name()).containsExactly(b.data());
        }
    }
}
