package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Rules;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The training params of {@link AdaGradClassifier} and {@link AdaGradRegressor}, created once per
 * instance with its uid and defaults; {@link TrainingParams} exposes them in Spark ML's
 * style (a no-arg method per param, {@code getX}, {@code setX}).
 *
 * <pre>{@code
 * new AdaGradClassifier().setOptimizer("ftrl").setOptimizerOptions("l1=0.001,beta=1").setLearningRate(0.5);
 * }</pre>
 */
public final class TrainingParamSet implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final Param<String> optimizer;
    final Param<String> optimizerOptions;
    final DoubleParam learningRate;
    final DoubleParam initialAccumulator;
    final DoubleParam eps;
    final DoubleParam l1;
    final DoubleParam l2;
    final DoubleParam weightDecay;
    final IntParam maxIter;
    final IntParam batchSize;
    final DoubleParam miniBatchFraction;
    final DoubleParam tol;
    final LongParam seed;
    final BooleanParam fitIntercept;
    final BooleanParam standardization;
    final IntParam aggregationDepth;
    final IntParam checkpointInterval;
    final Param<String> checkpointDir;
    final Param<String> trainingMode;
    final Param<String> weightCol;

    TrainingParamSet(Params owner) {
        String uid = owner.uid();
        optimizer = new Param<>(uid, "optimizer", "update rule: " + String.join(", ", Rules.NAMES),
                new RuleName());
        optimizerOptions = new Param<>(uid, "optimizerOptions", "more options of the rule, KEY=VALUE,... as on the "
                + "command line without dashes (momentum=0.9,nesterov=true; betas=0.9/0.999)");
        learningRate = new DoubleParam(uid, "learningRate", "learning rate (ftrl: alpha); default: the optimizer's "
                + "own", ParamValidators.gt(0));
        initialAccumulator = new DoubleParam(uid, "initialAccumulator", "starting value of the squared-gradient "
                + "sum (adagrad, ftrl, proximal-adagrad); default: the optimizer's own", ParamValidators.gtEq(0));
        eps = new DoubleParam(uid, "eps", "epsilon of the rule's denominator; default: the optimizer's own",
                ParamValidators.gtEq(0));
        l1 = new DoubleParam(uid, "l1", "L1 strength (ftrl, adagrad-rda, proximal-adagrad); default: the "
                + "optimizer's own", ParamValidators.gtEq(0));
        l2 = new DoubleParam(uid, "l2", "L2 strength (ftrl, adagrad-rda, proximal-adagrad); default: the "
                + "optimizer's own", ParamValidators.gtEq(0));
        weightDecay = new DoubleParam(uid, "weightDecay", "L2 weight decay of the rule (adamw: decoupled); default: "
                + "the optimizer's own", ParamValidators.gtEq(0));
        maxIter = new IntParam(uid, "maxIter", "epochs: passes over the data (>= 0)", ParamValidators.gtEq(0));
        batchSize = new IntParam(uid, "batchSize", "rows per partition per step (unless miniBatchFraction is set)",
                ParamValidators.gtEq(1));
        miniBatchFraction = new DoubleParam(uid, "miniBatchFraction", "fraction of each partition's rows per step; "
                + "0 = use batchSize, 1 = full batch", ParamValidators.inRange(0, 1));
        tol = new DoubleParam(uid, "tol", "stop when the epoch loss changes by at most tol (relative)",
                ParamValidators.gtEq(0));
        seed = new LongParam(uid, "seed", "seeds the row orders");
        fitIntercept = new BooleanParam(uid, "fitIntercept", "learn a bias term");
        standardization = new BooleanParam(uid, "standardization", "train on features divided by their standard "
                + "deviation (coefficients are returned in the original scale). Off by default, unlike MLlib: "
                + "AdaGrad's per-feature rates already adapt to each feature's scale, and off measured better on "
                + "pixel counts (digits) and hashed term counts (spam); on helped a regression over features of "
                + "very different ranges (Boston): see BENCHMARKS.md");
        aggregationDepth = new IntParam(uid, "aggregationDepth", "depth of treeAggregate (>= 2)",
                ParamValidators.gtEq(2));
        checkpointInterval = new IntParam(uid, "checkpointInterval", "save the model and optimizer state every this "
                + "many epochs to checkpointDir (-1: never)", ParamValidators.gtEq(-1));
        checkpointDir = new Param<>(uid, "checkpointDir", "driver-local directory of checkpoint.safetensors; a fit "
                + "finding its own checkpoint there resumes from it");
        trainingMode = new Param<>(uid, "trainingMode", "sync: one step per mini-batch over all partitions; average: "
                + "local epochs per partition, then weights and state averaged",
                ParamValidators.inArray(List.of("sync", "average")));
        weightCol = new Param<>(uid, "weightCol", "column of example weights (empty: all 1)");

        owner.setDefault(optimizer, "adagrad");
        owner.setDefault(optimizerOptions, "");
        owner.setDefault(maxIter, 10);
        owner.setDefault(batchSize, 1024);
        owner.setDefault(miniBatchFraction, 0.0);
        owner.setDefault(tol, 1e-6);
        owner.setDefault(seed, 42L);
        owner.setDefault(fitIntercept, true);
        owner.setDefault(standardization, false);
        owner.setDefault(aggregationDepth, 2);
        owner.setDefault(checkpointInterval, -1);
        owner.setDefault(checkpointDir, "");
        owner.setDefault(trainingMode, "sync");
        owner.setDefault(weightCol, "");
        // The owner cannot be asked for its optimizer yet: it lists its params, and this set is not assigned.
        ruleDefaults(owner, "adagrad");
    }

    /** Spark's own check of a name says only "given invalid value": this one names the rules there are. */
    private static final class RuleName extends scala.runtime.AbstractFunction1<String, Object>
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(String name) {
            if (!Rules.NAMES.contains(name)) {
                throw new IllegalArgumentException("optimizer '" + name + "' is not an update rule; expected one of "
                        + String.join(", ", Rules.NAMES));
            }
            return true;
        }
    }

    /** The rule-specific params and the rule's hyperparameter each stands for ({@code lr}: the rule's learning rate). */
    private java.util.Map<DoubleParam, String> ruleParams() {
        return java.util.Map.of(learningRate, "lr", initialAccumulator, "initialAccumulator", eps, "eps", l1, "l1",
                l2, "l2", weightDecay, "weightDecay");
    }

    /** The default of a rule-specific param under {@code rule}: the rule's own value, 0 if the rule has no such option. */
    static double ruleDefault(String rule, String key) {
        io.github.adagrad4j.optim.UpdateRule r = Rules.create(rule, java.util.Map.of());
        Object v = key.equals("lr") ? r.lr() : r.hyperparameters().get(key);
        return v instanceof Number n ? n.doubleValue() : 0.0;
    }

    /**
     * A rule-specific param's value: as set, else the chosen optimizer's default, which is what a
     * fit uses (it passes only the params that are set to the rule).
     */
    double ruleValue(Params owner, DoubleParam p) {
        return owner.isSet(p) ? (Double) owner.getOrDefault(p)
                : ruleDefault(owner.getOrDefault(optimizer), ruleParams().get(p));
    }

    /**
     * Makes the defaults of the rule-specific params those of the optimizer {@code rule}, so that
     * {@code explainParams()} shows what a fit will use; run when the optimizer changes.
     */
    void ruleDefaults(Params owner, String rule) {
        for (java.util.Map.Entry<DoubleParam, String> e : ruleParams().entrySet()) {
            owner.setDefault(e.getKey(), ruleDefault(rule, e.getValue()));
        }
    }

    /**
     * The rule as a {@link Rules#parse} spec: the name, the options string, and the dedicated
     * params that are set. Checked here, so a wrong option fails before any Spark job.
     */
    String ruleSpec(Params owner) {
        List<String> opts = new ArrayList<>();
        String extra = owner.getOrDefault(optimizerOptions).strip();
        if (!extra.isEmpty()) {
            opts.add(extra);
        }
        add(owner, opts, learningRate, "lr");
        add(owner, opts, initialAccumulator, "initial-accumulator");
        add(owner, opts, eps, "eps");
        add(owner, opts, l1, "l1");
        add(owner, opts, l2, "l2");
        add(owner, opts, weightDecay, "weight-decay");
        String spec = owner.getOrDefault(optimizer) + (opts.isEmpty() ? "" : ":" + String.join(",", opts));
        Rules.parse(spec);
        return spec;
    }

    private static void add(Params owner, List<String> opts, DoubleParam p, String key) {
        if (owner.isSet(p)) {
            opts.add(key + "=" + owner.getOrDefault(p));
        }
    }

    FitConfig config(Params owner, LinearLoss loss, int outputs, int numClasses, double huberDelta,
                                String labelCol, String featuresCol, FitConfig.StepHook hook) {
        int interval = (Integer) owner.getOrDefault(checkpointInterval);
        if (interval == 0) {
            throw new IllegalArgumentException("checkpointInterval must be -1 (never) or >= 1, got 0");
        }
        if (interval > 0 && owner.getOrDefault(checkpointDir).isEmpty()) {
            throw new IllegalArgumentException("checkpointInterval " + interval + " needs a checkpointDir");
        }
        return new FitConfig(ruleSpec(owner), loss, outputs, numClasses, huberDelta,
                (Integer) owner.getOrDefault(maxIter), (Integer) owner.getOrDefault(batchSize),
                (Double) owner.getOrDefault(miniBatchFraction), (Double) owner.getOrDefault(tol),
                (Long) owner.getOrDefault(seed), (Boolean) owner.getOrDefault(fitIntercept),
                (Boolean) owner.getOrDefault(standardization), (Integer) owner.getOrDefault(aggregationDepth),
                (Integer) owner.getOrDefault(checkpointInterval), owner.getOrDefault(checkpointDir),
                owner.getOrDefault(trainingMode).equals("average"), labelCol, featuresCol,
                owner.getOrDefault(weightCol), hook);
    }
}
