package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The in-place sparse path (rows updated where they are, by the rule's Vector API row kernel,
 * gradients read where the caller left them) against the portable gather path: same bits, the
 * caller's gradient untouched, non-finite sums caught.
 */
class SparseRowKernelTest {

    @Test
    void theTestJvmHasTheVectorApiSoTheInPlacePathIsWhatTheseTestsRun() {
        // Surefire starts the JVM with --add-modules jdk.incubator.vector (parent pom); without it every
        // comparison below would compare the gather path with itself.
        assertThat(Simd.AVAILABLE).isTrue();
        assertThat(new AdaGrad(0.1).hasRowKernel(64)).isTrue();
        assertThat(new AdaGrad(0.1).hasRowKernel(1)).isTrue();
        assertThat(SparseAdam.builder().build().hasRowKernel(64)).isTrue();
    }

    private static Parameter table(int rows, int width, long seed) {
        Parameter p = Parameter.zeros("t", rows, width);
        Random r = new Random(seed);
        for (int i = 0; i < p.size(); i++) {
            p.data()[i] = (float) r.nextGaussian();
        }
        return p;
    }

    /** Power-law rows with many repeats; values Gaussian. */
    private static SparseGradient batch(Random r, int rows, int width, int count) {
        int[] idx = new int[count];
        float[] v = new float[count * width];
        for (int k = 0; k < count; k++) {
            idx[k] = (int) Math.min(rows - 1, Math.floor(Math.pow(r.nextDouble(), 3) * rows));
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new SparseGradient(idx, v, width);
    }

    @Test
    void inPlaceRowsGiveTheGatherPathsBitsForEveryOptionWidthAndThreadCount() {
        List<Supplier<UpdateRule>> rules = List.of(
                () -> new AdaGrad(0.1),
                () -> AdaGrad.builder().lr(0.05).lrDecay(0.01).initialAccumulator(0.1).eps(1e-6).build(),
                AdaGrad::keras,
                () -> AdaGrad.builder().lr(0.1).weightDecay(0.01).maximize(true).epsInsideSqrt(true).build(),
                () -> SparseAdam.builder().lr(0.01).build(),
                () -> SparseAdam.builder().lr(0.02).betas(0.8, 0.99).eps(1e-6).maximize(true).build());
        for (Supplier<UpdateRule> rule : rules) {
            // 1 and 64, 67 (one tail element past full vectors) run in place; 5 and 8 gather in both.
            for (int width : new int[] {1, 5, 8, 64, 67}) {
                for (int threads : new int[] {1, 2}) {
                    // Enough rows per batch (4096 x width) that wide tables run on several threads.
                    int rows = 20_000;
                    Parameter a = table(rows, width, 9);
                    Parameter b = table(rows, width, 9);
                    OptimizerOptions options = OptimizerOptions.builder().threads(threads).build();
                    Optimizer inPlace = rule.get().on(List.of(a), options);
                    Optimizer gather = rule.get().on(List.of(b), options);
                    gather.rowKernels(false);
                    Random ra = new Random(width);
                    Random rb = new Random(width);
                    for (int t = 0; t < 6; t++) {
                        a.addSparseGrad(batch(ra, rows, width, 4096));
                        inPlace.step();
                        inPlace.zeroGrad();
                        b.addSparseGrad(batch(rb, rows, width, 4096));
                        gather.step();
                        gather.zeroGrad();
                    }
                    String what = rule.get() + " width " + width + " threads " + threads;
                    assertThat(Arrays.equals(a.data(), b.data())).as(what).isTrue();
                    for (String slot : rule.get().slotNames()) {
                        assertThat(Arrays.equals(inPlace.state("t").slot(slot), gather.state("t").slot(slot)))
                                .as(what + " " + slot).isTrue();
                    }
                    assertThat(Arrays.equals(a.data(), table(rows, width, 9).data())).as("it trained").isFalse();
                }
            }
        }
    }

    @Test
    void theCallersGradientIsReadNotWritten() {
        Parameter p = table(1000, 16, 1);
        Optimizer opt = new AdaGrad(0.1).on(List.of(p));
        SparseGradient g = batch(new Random(3), 1000, 16, 500);
        int[] rows = g.rows().clone();
        float[] values = g.values().clone();
        p.addSparseGrad(g);
        opt.step();
        assertThat(g.rows()).isEqualTo(rows);
        assertThat(g.values()).isEqualTo(values);
    }

    @Test
    void aRepeatedRowWhoseSumOverflowsIsCaughtAndNamedAndNothingChanges() {
        Parameter p = table(100, 4, 2);
        float[] before = p.data().clone();
        Optimizer opt = new AdaGrad(0.1).on(List.of(p));
        float[] v = new float[3 * 4];
        Arrays.fill(v, 1f);
        v[0] = 3e38f;       // row 7, element 0
        v[2 * 4] = 3e38f;   // row 7 again: finite on its own, infinite once summed
        p.addSparseGrad(new SparseGradient(new int[] {7, 2, 7}, v, 4));
        assertThatThrownBy(opt::step).isInstanceOf(NonFiniteGradientException.class)
                .hasMessageContaining("'t'").hasMessageContaining("28"); // element 7 * 4 + 0
        assertThat(p.data()).isEqualTo(before);
        assertThat(opt.state("t").slot("sum")).containsOnly(0f);
    }

    @Test
    void coalescingSortsRowsOfAnyMagnitudeAndSumsRepeatsInOrderOfAppearance() {
        int big = (1 << 30) + 5; // needs all three radix digits
        int mid = (1 << 22) + 1;
        float[] v = {1e8f, 5f, 1f, 3f, -1e8f};
        SparseGradient c = new SparseGradient(new int[] {7, big, 7, mid, 7}, v, 1).coalesce();
        assertThat(c.rows()).containsExactly(7, mid, big);
        // Row 7 in order of appearance: (1e8 + 1) rounds back to 1e8, minus 1e8 is 0 (another order gives 1).
        assertThat(c.values()).containsExactly(0f, 3f, 5f);
    }

    @Test
    void aTableFedOnlySparseGradientsHasNoDenseGradientAndIsSkippedInAStepWithoutOne() {
        Parameter table = table(50_000, 8, 4);
        Parameter bias = Parameter.zeros("b", 8);
        Optimizer opt = new AdaGrad(0.1).on(List.of(table, bias));
        table.addSparseGrad(batch(new Random(1), 50_000, 8, 100));
        bias.grad()[0] = 1f;
        opt.step();
        opt.zeroGrad();
        assertThat(table.hasDenseGrad()).isFalse();
        float[] after = table.data().clone();
        float[] sum = opt.state("t").slot("sum").clone();

        bias.grad()[0] = 1f; // the table gets no gradient in this step: PyTorch's grad None, skipped
        opt.step();
        assertThat(table.hasDenseGrad()).isFalse();
        assertThat(table.data()).isEqualTo(after);
        assertThat(opt.state("t").slot("sum")).isEqualTo(sum);
        assertThat(opt.state("t").step()).isEqualTo(1);
        assertThat(opt.state("b").step()).isEqualTo(2);
        assertThat(opt.state("b").slot("sum")[0]).isEqualTo(2f);
    }

    @Test
    void ftrlsVectorKernelGivesTheScalarLoopsBitsAtEveryLengthAndOption() {
        Random r = new Random(9);
        double[][] options = {{0.1, 1, 0, 0}, {0.05, 1, 1, 1}, {0.3, 0.5, 0.02, 2}, {1, 0, 0.5, 0}};
        for (double[] o : options) {
            Ftrl rule = Ftrl.builder().alpha(o[0]).beta(o[1]).l1(o[2]).l2(o[3]).build();
            double invAlpha = 1 / o[0];
            for (int length : new int[] {1, 3, 4, 7, 8, 9, 40, 67}) {
                for (int round = 0; round < 20; round++) {
                    int from = r.nextInt(3);
                    int to = from + length;
                    float[] w = new float[to + 2];
                    float[] g = new float[to + 2];
                    float[] z = new float[to + 2];
                    float[] n = new float[to + 2];
                    for (int i = 0; i < w.length; i++) {
                        // State as learning leaves it: n >= 0, zeros for untouched coordinates, weights near l1's edge.
                        g[i] = r.nextInt(5) == 0 ? 0f : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(5) - 2));
                        n[i] = r.nextInt(4) == 0 ? 0f : (float) Math.abs(r.nextGaussian() * 10);
                        z[i] = (float) (r.nextGaussian() * o[2] * 2);
                        w[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextGaussian();
                    }
                    float[] w2 = w.clone();
                    float[] z2 = z.clone();
                    float[] n2 = n.clone();
                    int stop = SimdKernels.ftrl(w, g, z, n, from, to, invAlpha, o[1], o[2], o[3]);
                    rule.scalar(w, g, new float[][] {z, n}, stop, to, invAlpha);
                    rule.scalar(w2, g, new float[][] {z2, n2}, from, to, invAlpha);
                    assertThat(stop - from).isEqualTo(length / SimdKernels.doubleLanes() * SimdKernels.doubleLanes());
                    String at = "options " + Arrays.toString(o) + ", length " + length;
                    assertThat(w).as(at).containsExactly(w2);
                    assertThat(z).as(at).containsExactly(z2);
                    assertThat(n).as(at).containsExactly(n2);
                }
            }
        }
    }
}
