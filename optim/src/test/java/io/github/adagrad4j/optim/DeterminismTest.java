package io.github.adagrad4j.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The same seed gives bit-identical parameters and state on 1, 2 and 3 threads, for every rule,
 * with global-norm clipping (a cross-chunk reduction) and a schedule in play. Parameters are
 * large enough to be split into many chunks and run in parallel.
 */
class DeterminismTest {
    private static final int[] SIZES = {300_001, 70_000, 17};

    private static List<Supplier<UpdateRule>> rules() {
        return List.of(() -> AdaGrad.builder().lr(0.05).lrDecay(0.01).initialAccumulator(0.1).build(),
                () -> Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).build(),
                () -> Adam.builder().lr(0.01).amsgrad(true).weightDecay(0.01).build(),
                () -> AdamW.builder().lr(0.01).build(),
                () -> RmsProp.builder().centered(true).momentum(0.5).build(),
                () -> Adadelta.builder().build(),
                () -> Adamax.builder().build(),
                () -> AdaBound.builder().amsbound(true).build(),
                () -> SparseAdam.builder().build(),
                () -> Ftrl.builder().l1(0.1).l2(0.1).build(),
                () -> AdaGradRda.builder().l1(0.01).build(),
                () -> ProximalAdaGrad.builder().l1(0.01).l2(0.01).build());
    }

    private static List<Parameter> run(UpdateRule rule, int threads, GradientClipping clipping) {
        Random init = new Random(7);
        List<Parameter> params = new ArrayList<>();
        for (int k = 0; k < SIZES.length; k++) {
            float[] w = new float[SIZES[k]];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) init.nextGaussian();
            }
            params.add(new Parameter("p" + k, w));
        }
        Optimizer opt = rule.on(params, OptimizerOptions.builder().threads(threads).clipping(clipping)
                .schedule(LrSchedule.exponential(0.95)).build());
        Random grads = new Random(11);
        for (int step = 0; step < 5; step++) {
            for (Parameter p : params) {
                float[] g = p.grad();
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) grads.nextGaussian();
                }
            }
            opt.step();
        }
        List<Parameter> out = new ArrayList<>(params);
        // Keep the state alongside the parameters for comparison.
        for (Parameter p : params) {
            for (String slot : rule.slotNames()) {
                out.add(new Parameter(p.name() + "/" + slot, opt.state(p.name()).slot(slot)));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> resultsAreBitIdenticalForAnyThreadCount() {
        return rules().stream().flatMap(rule -> Stream.of(GradientClipping.globalNorm(100.0),
                GradientClipping.perParameterNorm(50.0, 1), GradientClipping.value(1.5)).map(clip ->
                DynamicTest.dynamicTest(rule.get().name() + " " + clip, () -> {
                    List<Parameter> one = run(rule.get(), 1, clip);
                    for (int threads : new int[] {2, 3}) {
                        List<Parameter> many = run(rule.get(), threads, clip);
                        assertEquals(one.size(), many.size());
                        for (int k = 0; k < one.size(); k++) {
                            assertArrayEquals(one.get(k).data(), many.get(k).data(),
                                    one.get(k).name() + " differs between 1 and " + threads + " threads");
                        }
                    }
                })));
    }
}
