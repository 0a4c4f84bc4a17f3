package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#stepCoordinates}, the online learner's step, against {@link Optimizer#step()}
 * with the same coordinates as a sparse gradient: the same bits in weights and every state slot,
 * for every sparse-capable rule and a schedule.
 */
class CoordinateStepTest {

    @Test
    void aCoordinateStepGivesTheSparseStepsBitsForEveryOnlineRule() {
        List<Supplier<UpdateRule>> rules = List.of(
                () -> new AdaGrad(0.1),
                () -> AdaGrad.builder().lr(0.05).lrDecay(0.01).initialAccumulator(0.1).weightDecay(0.001).build(),
                () -> Ftrl.builder().alpha(0.2).l1(0.01).l2(0.1).build(),
                () -> AdaGradRda.builder().lr(0.3).l1(0.001).l2(0.01).build(),
                () -> Sgd.builder().lr(0.1).build(),
                () -> ProximalAdaGrad.builder().lr(0.1).l1(0.01).build());
        for (Supplier<UpdateRule> rule : rules) {
            int size = 5_000;
            Parameter a = Parameter.zeros("w", size, 1);
            Parameter b = Parameter.zeros("w", size, 1);
            OptimizerOptions options = OptimizerOptions.builder().threads(1)
                    .schedule(LrSchedule.inverseTime(0.001)).build();
            Optimizer online = rule.get().on(List.of(a), options);
            Optimizer sparse = rule.get().on(List.of(b), options);
            Random r = new Random(7);
            for (int t = 0; t < 300; t++) {
                int n = 1 + r.nextInt(60);
                Set<Integer> rows = new LinkedHashSet<>();
                while (rows.size() < n) {
                    rows.add((int) Math.floor(Math.pow(r.nextDouble(), 3) * size));
                }
                int[] idx = rows.stream().mapToInt(Integer::intValue).toArray();
                float[] g = new float[n];
                for (int k = 0; k < n; k++) {
                    g[k] = (float) r.nextGaussian();
                }
                assertThat(online.stepCoordinates(0, idx, g.clone(), n)).isTrue();
                b.addSparseGrad(new SparseGradient(idx.clone(), g.clone(), 1));
                sparse.step();
                sparse.zeroGrad();
            }
            String name = rule.get().toString();
            assertThat(a.data()).as(name).isEqualTo(b.data());
            for (String slot : online.rule().slotNames()) {
                assertThat(online.state("w").slot(slot)).as(name + " " + slot).isEqualTo(sparse.state("w").slot(slot));
            }
            assertThat(online.stepCount()).isEqualTo(sparse.stepCount()).isEqualTo(300);
            assertThat(online.state("w").step()).isEqualTo(300);
        }
    }

    @Test
    void aNonFiniteGradientChangesNothingUnderThrowAndIsCountedUnderSkip() {
        Parameter w = Parameter.zeros("w", 10, 1);
        Optimizer opt = new AdaGrad(0.1).on(List.of(w));
        opt.stepCoordinates(0, new int[] {1, 2}, new float[] {1, 1}, 2);
        float[] before = w.data().clone();
        float[] sum = opt.state("w").slot("sum").clone();
        assertThatThrownBy(() -> opt.stepCoordinates(0, new int[] {3, 4}, new float[] {1, Float.NaN}, 2))
                .isInstanceOf(NonFiniteGradientException.class).hasMessageContaining("w");
        assertThat(w.data()).isEqualTo(before);
        assertThat(opt.state("w").slot("sum")).isEqualTo(sum);
        assertThat(opt.stepCount()).isEqualTo(1);

        // Finite, but its square is past the float range: the sum would become infinite.
        assertThatThrownBy(() -> opt.stepCoordinates(0, new int[] {5, 6}, new float[] {1, 3e20f}, 2))
                .isInstanceOf(NonFiniteGradientException.class).hasMessageContaining("state slot 'sum' would become "
                        + "Infinity");
        assertThat(w.data()).isEqualTo(before);
        assertThat(opt.state("w").slot("sum")).isEqualTo(sum);
        assertThat(opt.state("w").step()).isEqualTo(1);

        Optimizer skip = new AdaGrad(0.1).on(List.of(Parameter.zeros("v", 4, 1)),
                OptimizerOptions.builder().nonFinite(NonFinitePolicy.SKIP_STEP).build());
        assertThat(skip.stepCoordinates(0, new int[] {0}, new float[] {Float.POSITIVE_INFINITY}, 1)).isFalse();
        assertThat(skip.skippedSteps()).isEqualTo(1);
        assertThat(skip.stepCount()).isZero();
    }
}
