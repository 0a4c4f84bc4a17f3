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
        return copyValues(new AdaGradRegressionModel(uid, weights), extra).setParent(parent());
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
