package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.ParamState;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.Rules;
import io.github.adagrad4j.optim.SparseGradient;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * The averaging mode (parameter mixing) of the linear models: each partition runs the rule over its
 * rows for an epoch from the current weights and optimizer state; the driver averages the changes
 * of the weights and of the state (AdaGrad's accumulators) over the partitions.
 *
 * <pre>{@code
 * AveragingMode mode = new AveragingMode(config, rule, data, scale, weight, bias, optimizer);
 * double loss = mode.epoch(0);
 * }</pre>
 */
final class AveragingMode extends LinearMode {
    private final UpdateRule rule;
    private long version;

    /** The mode of a fit of {@code weight} {@code [dim, k]} and {@code bias}, trained by {@code opt} with {@code rule}. */
    AveragingMode(FitConfig c, UpdateRule rule, TrainingBlocks data, Broadcast<float[]> scale, Parameter weight,
            Parameter bias, Optimizer opt) {
        super(c, data, scale, weight, bias, opt);
        this.rule = rule;
    }

    /** One epoch: every partition's local epoch from the current weights and state, then their mean change. */
    @Override
    double epoch(int epoch, EpochLoop.Progress progress) {
        List<String> slots = rule.slotNames();
        int m = 1 + slots.size();
        Replicas.Weights w0 = new Replicas.Weights(version, weight.data().clone(), bias.data().clone());
        float[][] ws = new float[slots.size()][];
        float[][] bs = new float[slots.size()][];
        for (int s = 0; s < slots.size(); s++) {
            ws[s] = opt.state("weight").slot(slots.get(s)).clone();
            bs[s] = c.fitIntercept() ? opt.state("bias").slot(slots.get(s)).clone() : new float[k];
        }
        long stepBefore = opt.stepCount();
        Broadcast<LocalStart> start = data.sc().broadcast(new LocalStart(w0, ws, bs, stepBefore));
        try {
            FitConfig cfg = c;
            Broadcast<float[]> sb = scale;
            int d = data.dim();
            int steps = this.steps;
            // One job of a task per partition: its progress is the partitions finished, known when the job ends.
            int partitions = data.sizes().size();
            progress.done(0, partitions);
            ExactSparseSum sum = data.blocks().treeAggregate(ExactSparseSum.zero(k * m, k * m + 3),
                    (acc, b) -> acc.plus(localEpoch(b, cfg, d, LinearTrainer.scaling(sb), start.value(), epoch, steps)),
                    ExactSparseSum::plus, c.aggregationDepth());
            progress.done(partitions, partitions);
            if (sum.parts == 0) {
                return Double.NaN;
            }
            double parts = sum.parts;
            float[][] wSlots = slotArrays(opt, "weight", slots);
            float[] w = weight.data();
            for (int i = 0; i < sum.rows.length; i++) {
                int f = sum.rows[i];
                for (int j = 0; j < k; j++) {
                    w[f * k + j] = (float) (w[f * k + j] + sum.value(i, j) / parts);
                    for (int s = 0; s < wSlots.length; s++) {
                        wSlots[s][f * k + j] = (float) (wSlots[s][f * k + j] + sum.value(i, (s + 1) * k + j) / parts);
                    }
                }
            }
            if (c.fitIntercept()) {
                float[][] bSlots = slotArrays(opt, "bias", slots);
                for (int j = 0; j < k; j++) {
                    bias.data()[j] = (float) (bias.data()[j] + sum.dense(j) / parts);
                    for (int s = 0; s < bSlots.length; s++) {
                        bSlots[s][j] = (float) (bSlots[s][j] + sum.dense((s + 1) * k + j) / parts);
                    }
                }
            }
            int base = k * m;
            long meanSteps = Math.round(sum.dense(base + 2) / parts);
            opt.setStepCount(stepBefore + meanSteps);
            for (Parameter p : opt.parameters()) {
                ParamState st = opt.state(p.name());
                st.setStep(st.step() + meanSteps);
            }
            version++;
            double weightSum = sum.dense(base + LinearObjective.WEIGHT);
            return weightSum > 0 ? sum.dense(base + LinearObjective.LOSS) / weightSum : Double.NaN;
        } finally {
            start.destroy();
        }
    }

    /** The live state arrays of one parameter, slot by slot in the rule's order. */
    private static float[][] slotArrays(Optimizer opt, String parameter, List<String> slots) {
        float[][] a = new float[slots.size()][];
        for (int s = 0; s < a.length; s++) {
            a[s] = opt.state(parameter).slot(slots.get(s));
        }
        return a;
    }

    /** Weights and optimizer state every partition starts an averaging epoch from (a broadcast value: a class, for Kryo). */
    static final class LocalStart implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Replicas.Weights weights;
        private final float[][] weightSlots;
        private final float[][] biasSlots;
        private final long stepCount;

        LocalStart(Replicas.Weights weights, float[][] weightSlots, float[][] biasSlots, long stepCount) {
            this.weights = weights;
            this.weightSlots = weightSlots;
            this.biasSlots = biasSlots;
            this.stepCount = stepCount;
        }

        Replicas.Weights weights() {
            return weights;
        }

        float[][] weightSlots() {
            return weightSlots;
        }

        float[][] biasSlots() {
            return biasSlots;
        }

        long stepCount() {
            return stepCount;
        }
    }

    /**
     * Executor side of an averaging epoch: the rule run over this partition's rows from the
     * broadcast start; returns, for each touched feature, the change of its weights and of each
     * state slot, then the same for the bias, the loss, weight and step count.
     */
    static ExactSparseSum localEpoch(Block b, FitConfig c, int dim, float[] scale, LocalStart start, int epoch,
                                     int steps) {
        int k = c.outputs();
        UpdateRule rule = Rules.parse(c.ruleSpec());
        List<String> slots = rule.slotNames();
        int m = 1 + slots.size();
        if (b.rows() == 0) {
            return ExactSparseSum.zero(k * m, k * m + 3);
        }
        Parameter w = new Parameter("weight", start.weights().w().clone(), dim, k);
        Parameter bias = new Parameter("bias", start.weights().bias().clone(), k);
        Optimizer opt = rule.on(c.fitIntercept() ? List.of(w, bias) : List.of(w),
                OptimizerOptions.builder().threads(1).build());
        float[][] wSlots = slotArrays(opt, "weight", slots);
        float[][] bSlots = c.fitIntercept() ? slotArrays(opt, "bias", slots) : null;
        for (int s = 0; s < slots.size(); s++) {
            System.arraycopy(start.weightSlots()[s], 0, wSlots[s], 0, dim * k);
            if (bSlots != null) {
                System.arraycopy(start.biasSlots()[s], 0, bSlots[s], 0, k);
            }
        }
        opt.setStepCount(start.stepCount());
        for (Parameter p : opt.parameters()) {
            opt.state(p.name()).setStep(start.stepCount());
        }
        LinearObjective obj = new LinearObjective(c.loss(), dim, k, c.huberDelta(), scale);
        boolean[] touched = new boolean[dim];
        double loss = 0;
        double weightSum = 0;
        long applied = 0;
        Block.Order order = b.order(c.seed(), epoch);
        try {
            for (int step = 0; step < steps; step++) {
                c.beforeStep(epoch, step, b.partition);
                int[] range = c.batchRange(b, step);
                for (int i = range[0]; i < range[1]; i++) {
                    obj.add(b, order.row(i), w.data(), c.fitIntercept() ? bias.data() : null);
                }
                double bw = obj.dense[k + LinearObjective.WEIGHT];
                if (bw > 0) {
                    loss += obj.dense[k + LinearObjective.LOSS];
                    weightSum += bw;
                    int n = obj.touchedCount();
                    int[] rows = Arrays.copyOf(obj.sortedRows(), n);
                    float[] v = new float[n * k];
                    for (int i = 0; i < n; i++) {
                        touched[rows[i]] = true;
                        for (int j = 0; j < k; j++) {
                            v[i * k + j] = (float) (obj.grad(rows[i], j) / bw);
                        }
                    }
                    if (n > 0) {
                        w.addSparseGrad(new SparseGradient(rows, v, k));
                    }
                    if (c.fitIntercept()) {
                        for (int j = 0; j < k; j++) {
                            bias.grad()[j] = (float) (obj.dense[j] / bw);
                        }
                    }
                    if (n > 0 || c.fitIntercept()) {
                        opt.step();
                        opt.zeroGrad();
                        applied++;
                    }
                }
                obj.clear();
            }
        } finally {
            obj.clear();
        }
        int[] rows = new int[dim];
        int n = 0;
        for (int f = 0; f < dim; f++) {
            if (touched[f]) {
                rows[n++] = f;
            }
        }
        double[] table = new double[Math.multiplyExact(dim, k * m)];
        for (int i = 0; i < n; i++) {
            int f = rows[i];
            for (int j = 0; j < k; j++) {
                table[f * k * m + j] = (double) w.data()[f * k + j] - start.weights().w()[f * k + j];
                for (int s = 0; s < wSlots.length; s++) {
                    table[f * k * m + (s + 1) * k + j] = (double) wSlots[s][f * k + j] - start.weightSlots()[s][f * k + j];
                }
            }
        }
        double[] dense = new double[k * m + 3];
        if (bSlots != null) {
            for (int j = 0; j < k; j++) {
                dense[j] = (double) bias.data()[j] - start.weights().bias()[j];
                for (int s = 0; s < bSlots.length; s++) {
                    dense[(s + 1) * k + j] = (double) bSlots[s][j] - start.biasSlots()[s][j];
                }
            }
        }
        dense[k * m + LinearObjective.LOSS] = loss;
        dense[k * m + LinearObjective.WEIGHT] = weightSum;
        dense[k * m + 2] = applied;
        return ExactSparseSum.of(k * m, rows, n, table, dense);
    }
}
