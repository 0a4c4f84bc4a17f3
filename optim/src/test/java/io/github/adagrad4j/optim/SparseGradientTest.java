package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class SparseGradientTest {
    private static final int ROWS = 1000;
    private static final int WIDTH = 8;

    private static Parameter table(String name, long seed) {
        Parameter p = Parameter.zeros(name, ROWS, WIDTH);
        Random r = new Random(seed);
        for (int i = 0; i < p.size(); i++) {
            p.data()[i] = (float) r.nextGaussian();
        }
        return p;
    }

    /** Rows with repeats, and values, for step {@code t}; the same for every caller. */
    private static SparseGradient batch(int t, int rows, int count) {
        Random r = new Random(100 + t);
        int[] idx = new int[count];
        float[] v = new float[count * WIDTH];
        for (int k = 0; k < count; k++) {
            // Power-law-ish: low rows are frequent, as hashed features and vocabularies are.
            idx[k] = (int) Math.min(rows - 1, Math.floor(Math.pow(r.nextDouble(), 3) * rows));
            for (int j = 0; j < WIDTH; j++) {
                v[k * WIDTH + j] = (float) r.nextGaussian();
            }
        }
        return new SparseGradient(idx, v, WIDTH);
    }

    private static void scatter(SparseGradient s, float[] dense) {
        Arrays.fill(dense, 0f);
        for (int k = 0; k < s.rows().length; k++) {
            for (int j = 0; j < WIDTH; j++) {
                dense[s.rows()[k] * WIDTH + j] += s.values()[k * WIDTH + j];
            }
        }
    }

    @Test
    void sparseUpdateTouchesOnlyGivenRowsAndSumsDuplicates() {
        Parameter p = table("emb", 1);
        float[] before = p.data().clone();
        Optimizer opt = new AdaGrad(0.1).on(List.of(p));
        float[] v = new float[3 * WIDTH];
        Arrays.fill(v, 0, WIDTH, 1f);          // row 3
        Arrays.fill(v, WIDTH, 2 * WIDTH, 2f);  // row 7
        Arrays.fill(v, 2 * WIDTH, 3 * WIDTH, 3f); // row 3 again: summed to 4
        p.addSparseGrad(new SparseGradient(new int[] {3, 7, 3}, v, WIDTH));
        opt.step();
        float[] sum = opt.state("emb").slot("sum");
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < WIDTH; j++) {
                int i = r * WIDTH + j;
                if (r == 3 || r == 7) {
                    float g = r == 3 ? 4f : 2f;
                    assertThat(sum[i]).isEqualTo(g * g);
                    assertThat(p.data()[i]).isEqualTo(before[i] - 0.1f * g / ((float) Math.sqrt(g * g) + 1e-10f));
                } else {
                    assertThat(p.data()[i]).as("untouched row " + r).isEqualTo(before[i]);
                    assertThat(sum[i]).isZero();
                }
            }
        }
    }

    /** Where the lazy and dense semantics coincide, the sparse path gives the dense result bit for bit. */
    @Test
    void denseAndSparseAgreeExactlyWhereSemanticsCoincide() {
        List<Supplier<UpdateRule>> rules = List.of(
                () -> AdaGrad.builder().lr(0.1).lrDecay(0.01).initialAccumulator(0.1).eps(1e-6).build(),
                () -> AdaGrad.keras(), () -> new Sgd(0.05),
                () -> Ftrl.builder().alpha(0.1).l1(0.5).l2(0.1).build());
        for (Supplier<UpdateRule> rule : rules) {
            boolean zeroInit = rule.get() instanceof Ftrl; // FTRL's weight is a function of its state
            Parameter dense = zeroInit ? Parameter.zeros("t", ROWS, WIDTH) : table("t", 2);
            Parameter sparse = zeroInit ? Parameter.zeros("t", ROWS, WIDTH) : table("t", 2);
            Optimizer od = rule.get().on(List.of(dense));
            Optimizer os = rule.get().on(List.of(sparse));
            for (int t = 0; t < 20; t++) {
                SparseGradient g = batch(t, ROWS, 40);
                scatter(g, dense.grad());
                od.step();
                os.zeroGrad();
                sparse.addSparseGrad(g);
                os.step();
            }
            assertThat(Arrays.equals(dense.data(), sparse.data())).as(rule.get().name()).isTrue();
            for (String slot : rule.get().slotNames()) {
                assertThat(Arrays.equals(od.state("t").slot(slot), os.state("t").slot(slot))).as(slot).isTrue();
            }
        }
    }

    /**
     * Global-norm clipping sees a sparse gradient coalesced (duplicates summed, as the dense
     * gradient has them), and the rule then steps with the clipped values: the same as a dense
     * gradient, with another dense parameter in the norm (an embedding feeding a network).
     */
    @Test
    void clippedSparseStepsEqualClippedDenseSteps() {
        for (Supplier<UpdateRule> rule : List.<Supplier<UpdateRule>>of(() -> new AdaGrad(0.1), () -> new Sgd(0.05))) {
            Parameter dense = table("t", 2);
            Parameter sparse = table("t", 2);
            Parameter wd = table("w", 3);
            Parameter ws = table("w", 3);
            OptimizerOptions o = OptimizerOptions.builder().clipping(GradientClipping.globalNorm(1.0)).build();
            Optimizer od = rule.get().on(List.of(dense, wd), o);
            Optimizer os = rule.get().on(List.of(sparse, ws), o);
            for (int t = 0; t < 20; t++) {
                SparseGradient g = batch(t, ROWS, 40);
                od.zeroGrad();
                os.zeroGrad();
                scatter(g, dense.grad());
                sparse.addSparseGrad(g);
                Random r = new Random(t);
                for (int i = 0; i < wd.size(); i++) {
                    wd.grad()[i] = ws.grad()[i] = (float) r.nextGaussian() * 0.01f;
                }
                od.step();
                os.step();
            }
            for (int i = 0; i < dense.size(); i++) {
                assertThat(sparse.data()[i]).as(rule.get().name() + " t[" + i + "]").isCloseTo(dense.data()[i],
                        org.assertj.core.api.Assertions.within(1e-6f));
            }
            for (int i = 0; i < wd.size(); i++) {
                assertThat(ws.data()[i]).as(rule.get().name() + " w[" + i + "]").isCloseTo(wd.data()[i],
                        org.assertj.core.api.Assertions.within(1e-6f));
            }
        }
    }

    @Test
    void denseEquivalentModeIsTheDenseRuleAndLazyModeLeavesUntouchedMomentsAlone() {
        Parameter dense = table("t", 3);
        Parameter eq = table("t", 3);
        Parameter lazy = table("t", 3);
        Optimizer od = new Adam(0.01).on(List.of(dense));
        Optimizer oe = new Adam(0.01).on(List.of(eq), OptimizerOptions.builder().sparseMode(SparseMode.DENSE_EQUIVALENT).build());
        Optimizer ol = new Adam(0.01).on(List.of(lazy));
        for (int t = 0; t < 10; t++) {
            SparseGradient g = batch(t, 50, 20); // rows 50.. never touched
            scatter(g, dense.grad());
            od.step();
            for (Optimizer o : List.of(oe, ol)) {
                o.zeroGrad();
                o.parameters().get(0).addSparseGrad(g);
                o.step();
            }
        }
        assertThat(Arrays.equals(dense.data(), eq.data())).isTrue();
        assertThat(Arrays.equals(od.state("t").slot("exp_avg"), oe.state("t").slot("exp_avg"))).isTrue();
        // Row 0 is touched every step in both; rows >= 50 never: lazy leaves them exactly as initialised.
        float[] init = table("t", 3).data();
        for (int i = 50 * WIDTH; i < ROWS * WIDTH; i++) {
            assertThat(lazy.data()[i]).isEqualTo(init[i]);
            assertThat(ol.state("t").slot("exp_avg")[i]).isZero();
        }
    }

    @Test
    void sparseStepsAreBitIdenticalForAnyThreadCount() {
        float[][] results = new float[3][];
        for (int threads = 1; threads <= 3; threads++) {
            Parameter big = Parameter.zeros("big", 100_000, 16);
            Random r = new Random(5);
            for (int i = 0; i < big.size(); i++) {
                big.data()[i] = (float) r.nextGaussian();
            }
            Optimizer opt = Adam.builder().lr(0.01).amsgrad(true).build().on(List.of(big),
                    OptimizerOptions.builder().threads(threads).clipping(GradientClipping.globalNorm(10.0)).build());
            for (int t = 0; t < 5; t++) {
                Random gr = new Random(50 + t);
                int n = 20_000;
                int[] rows = new int[n];
                float[] v = new float[n * 16];
                for (int k = 0; k < n; k++) {
                    rows[k] = gr.nextInt(100_000);
                    for (int j = 0; j < 16; j++) {
                        v[k * 16 + j] = (float) gr.nextGaussian();
                    }
                }
                opt.zeroGrad();
                big.addSparseGrad(new SparseGradient(rows, v, 16));
                opt.step();
            }
            results[threads - 1] = big.data();
        }
        assertThat(Arrays.equals(results[0], results[1])).isTrue();
        assertThat(Arrays.equals(results[0], results[2])).isTrue();
    }

    @Test
    void badSparseGradientsAreRejectedAndChangeNothing() {
        Parameter p = table("emb", 4);
        assertThatThrownBy(() -> p.addSparseGrad(new SparseGradient(new int[] {1, 1000}, new float[2 * WIDTH], WIDTH)))
                .hasMessage("sparse gradient of 'emb': row 1000 at position 1 is outside [0, 1000)");
        assertThatThrownBy(() -> new SparseGradient(new int[] {-2}, new float[WIDTH], WIDTH))
                .hasMessage("sparse gradient: row index -2 at position 0 is negative");
        assertThatThrownBy(() -> p.addSparseGrad(new SparseGradient(new int[] {1}, new float[4], 4)))
                .hasMessage("sparse gradient of 'emb' has rows of width 4 but the parameter [1000, 8] has rows of width 8");
        assertThatThrownBy(() -> new SparseGradient(new int[] {1, 2}, new float[WIDTH], WIDTH))
                .hasMessage("sparse gradient: 2 rows of width 8 need 16 values, got 8");
        assertThat(p.sparseGrad()).isNull();

        float[] before = p.data().clone();
        Optimizer opt = new AdaGrad(0.1).on(List.of(p));
        float[] v = new float[2 * WIDTH];
        v[WIDTH + 5] = Float.NaN;
        p.addSparseGrad(new SparseGradient(new int[] {9, 4}, v, WIDTH));
        assertThatThrownBy(opt::step).isInstanceOf(NonFiniteGradientException.class)
                .hasMessageContaining("'emb' is NaN at index " + (4 * WIDTH + 5));
        assertThat(p.data()).containsExactly(before);
        assertThat(opt.state("emb").step()).isZero();
    }
}
