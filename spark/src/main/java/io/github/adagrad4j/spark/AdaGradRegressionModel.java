package io.github.adagrad4j.spark;

import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A linear regression fitted by {@link AdaGradRegressor}: {@code prediction = intercept + x . coefficients}.
 *
 * <pre>{@code
 * AdaGradRegressionModel m = new AdaGradRegressor().fit(train);
 * m.write().overwrite().save("models/price");
 * double y = AdaGradRegressionModel.load("models/price").predict(Vectors.dense(1.0, 2.0));
 * }</pre>
 */
public final class AdaGradRegressionModel extends RegressionModel<Vector, AdaGradRegressionModel>
        implements TrainingParams<AdaGradRegressionModel>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final LinearWeights weights;
    private final TrainingParamSet params;
    private final org.apache.spark.ml.param.Param<String> loss;
    private final org.apache.spark.ml.param.DoubleParam epsilon;
    /** Set by the fit (null after a load, as MLlib's). */
    private transient AdaGradRegressionSummary trainingSummary;

    AdaGradRegressionModel(String uid, LinearWeights weights) {
        this(uid, weights, Uids.stash(uid));
    }

    private AdaGradRegressionModel(String uid, LinearWeights weights, Void stashed) {
        this.uid = uid;
        Uids.clear();
        this.weights = weights;
        this.params = new TrainingParamSet(this);
        this.loss = AdaGradRegressor.lossParam(this);
        this.epsilon = AdaGradRegressor.epsilonParam(this);
    }

    @Override
    public String uid() {
        return Uids.of(uid);
    }

    /** The params it was trained with (copied from its estimator, saved and loaded with it). */
    @Override
    public TrainingParamSet trainingParamSet() {
        return params;
    }

    public org.apache.spark.ml.param.Param<String> loss() {
        return loss;
    }

    public String getLoss() {
        return getOrDefault(loss);
    }

    public org.apache.spark.ml.param.DoubleParam epsilon() {
        return epsilon;
    }

    public double getEpsilon() {
        return (Double) getOrDefault(epsilon);
    }

    /** Whether the model has its training summary: a fitted one does, a loaded one does not (as in MLlib). */
    public boolean hasSummary() {
        return trainingSummary != null;
    }

    /**
     * The figures on the training data and the mean training loss per epoch, as {@code
     * LinearRegressionModel.summary()} names them.
     *
     * @throws IllegalStateException if there is none (a loaded model): use {@link #evaluate}
     */
    public AdaGradRegressionSummary summary() {
        if (trainingSummary == null) {
            throw new IllegalStateException("No training summary available for this AdaGradRegressionModel (a loaded "
                    + "model has none): use evaluate(dataset)");
        }
        return trainingSummary;
    }

    /** The model's figures on {@code dataset} (targets in its label column). */
    public AdaGradRegressionSummary evaluate(org.apache.spark.sql.Dataset<?> dataset) {
        return new AdaGradRegressionSummary(transform(dataset), getPredictionCol(), getLabelCol(), new double[0]);
    }

    /** Called by the fit: the summary over the training data (computed when asked). */
    void createSummary(org.apache.spark.sql.Dataset<?> train, double[] objectiveHistory) {
        trainingSummary = new AdaGradRegressionSummary(transform(train), getPredictionCol(), getLabelCol(),
                objectiveHistory);
    }

    @Override
    public int numFeatures() {
        return weights.dim();
    }

    public Vector coefficients() {
        return Vectors.dense(weights.column(0));
    }

    public double intercept() {
        return weights.intercept()[0];
    }

    /** The mean training loss of each epoch. */
    LinearWeights weights() {
        return weights;
    }

    public double[] lossHistory() {
        return weights.lossHistory().clone();
    }

    @Override
    public double predict(Vector features) {
        return weights.margins(features)[0];
    }

    @Override
    public AdaGradRegressionModel copy(ParamMap extra) {
        AdaGradRegressionModel m = copyValues(new AdaGradRegressionModel(uid, weights), extra).setParent(parent());
        m.trainingSummary = trainingSummary;
        return m;
    }

    @Override
    public MLWriter write() {
        AdaGradRegressionModel self = this;
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ModelFiles.save(self, path, sparkSession(), weights, Map.of());
            }
        };
    }

    public static MLReader<AdaGradRegressionModel> read() {
        return new MLReader<>() {
            @Override
            public AdaGradRegressionModel load(String path) {
                ModelFiles.Loaded l = ModelFiles.load(path, sparkSession(), AdaGradRegressionModel.class.getName());
                AdaGradRegressionModel m = new AdaGradRegressionModel(l.metadata().uid(), l.weights());
                l.setParams(m);
                return m;
            }
        };
    }

    public static AdaGradRegressionModel load(String path) {
        return read().load(path);
    }
}
