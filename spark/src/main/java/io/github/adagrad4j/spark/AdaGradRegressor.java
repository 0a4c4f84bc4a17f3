package io.github.adagrad4j.spark;

import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * Linear regression trained on Spark with any adagrad4j update rule, on squared or Huber loss.
 * Features from a sparse or dense {@code Vector} column; an optional weight column.
 *
 * <pre>{@code
 * AdaGradRegressionModel m = new AdaGradRegressor().setLoss("huber").setEpsilon(1.0)
 *         .setOptimizer("adagrad").setLearningRate(0.5).setMaxIter(50).fit(train);
 * m.transform(test).select("label", "prediction").show();
 * }</pre>
 *
 * Huber here is the plain Huber loss with threshold {@code epsilon} on the residual; MLlib's
 * {@code LinearRegression(loss = "huber")} also estimates a scale, which this does not.
 */
public final class AdaGradRegressor extends Regressor<Vector, AdaGradRegressor, AdaGradRegressionModel>
        implements TrainingParams<AdaGradRegressor>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final TrainingParamSet params;
    private transient EpochListener listener = EpochListener.NONE;
    private final Param<String> initialModel;
    /** A fitted model's weights to start from ({@link #setInitialModel(AdaGradRegressionModel)}); wins over the folder param. */
    private transient LinearWeights initialWeights;
    private final Param<String> loss;
    private final DoubleParam epsilon;

    public AdaGradRegressor() {
        this(Identifiable$.MODULE$.randomUID("adagradRegressor"));
    }

    public AdaGradRegressor(String uid) {
        this(uid, Uids.stash(uid));
    }

    private AdaGradRegressor(String uid, Void stashed) {
        this.uid = uid;
        Uids.clear();
        this.params = new TrainingParamSet(this);
        this.initialModel = InitialModel.param(this);
        this.loss = lossParam(this);
        this.epsilon = epsilonParam(this);
    }

    /** The loss param of {@code owner} (the estimator, or its model, which carries it), with its default. */
    static Param<String> lossParam(org.apache.spark.ml.param.Params owner) {
        Param<String> p = new Param<>(owner.uid(), "loss", "squaredError or huber",
                ParamValidators.inArray(List.of("squaredError", "huber")));
        owner.setDefault(p, "squaredError");
        return p;
    }

    /** The Huber epsilon param of {@code owner}, with its default. */
    static DoubleParam epsilonParam(org.apache.spark.ml.param.Params owner) {
        DoubleParam p = new DoubleParam(owner.uid(), "epsilon", "Huber threshold on the residual (> 0)",
                ParamValidators.gt(0));
        owner.setDefault(p, 1.35);
        return p;
    }

    @Override
    public String uid() {
        return Uids.of(uid);
    }

    @Override
    public TrainingParamSet trainingParamSet() {
        return params;
    }

    /** Told on the driver after each epoch (not a param: not saved, but kept by {@link #copy}). */
    public AdaGradRegressor setEpochListener(EpochListener listener) {
        this.listener = listener == null ? EpochListener.NONE : listener;
        return this;
    }

    public Param<String> loss() {
        return loss;
    }

    public String getLoss() {
        return getOrDefault(loss);
    }

    public AdaGradRegressor setLoss(String value) {
        set(loss, value);
        return this;
    }

    public DoubleParam epsilon() {
        return epsilon;
    }

    public double getEpsilon() {
        return (Double) getOrDefault(epsilon);
    }

    public AdaGradRegressor setEpsilon(double value) {
        set(epsilon, value);
        return this;
    }


    /** A model folder whose weights start the fit (see {@link InitialModel}); empty: zeros. */
    public Param<String> initialModel() {
        return initialModel;
    }

    public String getInitialModel() {
        return getOrDefault(initialModel);
    }

    /** Starts the fit from the weights of the model folder {@code dir} (spark-train's, or a sparse-linear model of LIBSVM rows). */
    public AdaGradRegressor setInitialModel(String dir) {
        set(initialModel, dir);
        return this;
    }

    /** Starts the fit from a fitted model's weights (the optimizer's state starts anew); null clears it. */
    public AdaGradRegressor setInitialModel(AdaGradRegressionModel model) {
        this.initialWeights = model == null ? null : model.weights();
        return this;
    }

    @Override
    public AdaGradRegressionModel train(Dataset<?> dataset) {
        FitConfig c = params.config(this, getLoss().equals("huber") ? LinearLoss.HUBER : LinearLoss.SQUARED,
                1, 0, getEpsilon(), getLabelCol(), getFeaturesCol(), null);
        LinearTrainer.Fitted f = LinearTrainer.fit(dataset, c, InitialModel.resolve(getInitialModel(), initialWeights),
                listener == null ? EpochListener.NONE : listener);
        AdaGradRegressionModel m = copyValues(new AdaGradRegressionModel(uid(), LinearWeights.of(f)), new ParamMap());
        m.createSummary(dataset, f.lossHistory());
        return m;
    }

    @Override
    public AdaGradRegressor copy(ParamMap extra) {
        AdaGradRegressor r = defaultCopy(extra);
        r.initialWeights = initialWeights;
        r.listener = listener;
        return r;
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<AdaGradRegressor> read() {
        return new DefaultParamsReader<>();
    }

    public static AdaGradRegressor load(String path) {
        return read().load(path);
    }
}
