package io.github.adagrad4j.spark;

import java.util.Map;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.ModelFolder;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.classification.BinaryLogisticRegressionTrainingSummary;
import org.apache.spark.ml.classification.LogisticRegressionSummary;
import org.apache.spark.ml.classification.LogisticRegressionSummaryImpl;
import org.apache.spark.ml.classification.LogisticRegressionTrainingSummary;
import org.apache.spark.ml.classification.LogisticRegressionTrainingSummaryImpl;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A linear classifier fitted by {@link AdaGradClassifier}. Binary models have one logistic output
 * and give {@code rawPrediction = [-m, m]}, {@code probability = [1 - p, p]} as MLlib's
 * {@code LogisticRegressionModel}; multinomial ones the k margins and their softmax.
 *
 * <pre>{@code
 * AdaGradClassificationModel m = new AdaGradClassifier().fit(train);
 * m.transform(test).select("prediction", "probability").show();
 * m.write().overwrite().save("models/ctr");
 * AdaGradClassificationModel again = AdaGradClassificationModel.load("models/ctr");
 * }</pre>
 */
public final class AdaGradClassificationModel
        extends ProbabilisticClassificationModel<Vector, AdaGradClassificationModel>
        implements TrainingParams<AdaGradClassificationModel>, ThresholdParams<AdaGradClassificationModel>,
        MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final LinearWeights weights;
    private final int numClasses;
    private final TrainingParamSet params;
    private final org.apache.spark.ml.param.Param<String> family;
    private final org.apache.spark.ml.param.DoubleParam threshold;
    /** Set by the fit (null after a load, as MLlib's). */
    private transient LogisticRegressionTrainingSummary trainingSummary;

    AdaGradClassificationModel(String uid, LinearWeights weights, int numClasses) {
        this(uid, weights, numClasses, Uids.stash(uid));
    }

    private AdaGradClassificationModel(String uid, LinearWeights weights, int numClasses, Void stashed) {
        this.uid = uid;
        Uids.clear();
        this.weights = weights;
        this.numClasses = numClasses;
        this.params = new TrainingParamSet(this);
        this.family = AdaGradClassifier.familyParam(this);
        this.threshold = Thresholds.param(this);
    }

    @Override
    public org.apache.spark.ml.param.DoubleParam threshold() {
        return threshold;
    }

    /** Clears {@code threshold}, as {@code LogisticRegressionModel.setThresholds}. */
    @Override
    public AdaGradClassificationModel setThresholds(double[] value) {
        clear(threshold);
        return super.setThresholds(value);
    }

    @Override
    public double[] getThresholds() {
        return Thresholds.thresholds(this, threshold, thresholds());
    }

    @Override
    public double probability2prediction(Vector probability) {
        return isBinomial() ? Thresholds.predict(probability.apply(1), getThreshold())
                : super.probability2prediction(probability);
    }

    @Override
    public double raw2prediction(Vector raw) {
        return isBinomial() ? Thresholds.predictRaw(raw.apply(1), getThreshold()) : super.raw2prediction(raw);
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

    public org.apache.spark.ml.param.Param<String> family() {
        return family;
    }

    public String getFamily() {
        return getOrDefault(family);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int numFeatures() {
        return weights.dim();
    }

    /** True for one logistic output (two classes, family binomial or auto). */
    public boolean isBinomial() {
        return weights.k() == 1;
    }

    /** Binomial models: the coefficient of each feature. */
    public Vector coefficients() {
        requireBinomial("coefficients");
        return Vectors.dense(weights.column(0));
    }

    /** Binomial models: the intercept. */
    public double intercept() {
        requireBinomial("intercept");
        return weights.intercept()[0];
    }

    /** Coefficients as a {@code k x numFeatures} matrix, k = 1 for binomial models (as MLlib's). */
    public Matrix coefficientMatrix() {
        int k = weights.k();
        int d = weights.dim();
        double[] v = new double[k * d];
        for (int f = 0; f < d; f++) {
            for (int j = 0; j < k; j++) {
                v[f * k + j] = weights.coefficients()[f * k + j];
            }
        }
        return new DenseMatrix(k, d, v);
    }

    public Vector interceptVector() {
        double[] b = new double[weights.k()];
        for (int j = 0; j < b.length; j++) {
            b[j] = weights.intercept()[j];
        }
        return Vectors.dense(b);
    }

    /** The mean training loss of each epoch. */
    public double[] lossHistory() {
        return weights.lossHistory().clone();
    }

    LinearWeights weights() {
        return weights;
    }

    private void requireBinomial(String what) {
        if (!isBinomial()) {
            throw new IllegalStateException(what + " is for binomial models; this one has " + weights.k()
                    + " outputs: use coefficientMatrix()/interceptVector()");
        }
    }

    /**
     * Spark's two base classes declare this with different generic returns, which Java cannot
     * inherit together; the raw type is the erasure of both. Spark's own behaviour is kept.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public Vector predictRaw(Vector features) {
        double[] m = weights.margins(features);
        return isBinomial() ? Vectors.dense(-m[0], m[0]) : Vectors.dense(m);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        double[] v = ((DenseVector) raw).values();
        if (isBinomial()) {
            double p = Probabilities.sigmoid(v[1]);
            v[0] = 1 - p;
            v[1] = p;
        } else {
            Probabilities.softmaxInPlace(v);
        }
        return raw;
    }

    @Override
    public AdaGradClassificationModel copy(ParamMap extra) {
        AdaGradClassificationModel m = copyValues(new AdaGradClassificationModel(uid, weights, numClasses), extra)
                .setParent(parent());
        m.trainingSummary = trainingSummary;
        return m;
    }

    /** Whether the model has its training summary: a fitted one does, a loaded one does not (as in MLlib). */
    public boolean hasSummary() {
        return trainingSummary != null;
    }

    /**
     * The training summary, as {@code LogisticRegressionModel.summary()} gives it: the mean
     * training loss per epoch ({@code objectiveHistory}; {@code totalIterations} is one less, as
     * MLlib counts), and the figures of the model on its
     * training data (accuracy, per-label precision, recall and F-measure; binary models also the
     * ROC curve, areaUnderROC and the curves by threshold, through {@link #binarySummary()}).
     *
     * @throws IllegalStateException if there is none (a loaded model): use {@link #evaluate}
     */
    public LogisticRegressionTrainingSummary summary() {
        if (trainingSummary == null) {
            throw new IllegalStateException("No training summary available for this AdaGradClassificationModel (a "
                    + "loaded model has none): use evaluate(dataset)");
        }
        return trainingSummary;
    }

    /** The training summary of a two-class model, with its ROC and threshold curves (and {@link BinarySummaries.Training#logLoss()}). */
    public BinaryLogisticRegressionTrainingSummary binarySummary() {
        if (summary() instanceof BinaryLogisticRegressionTrainingSummary b) {
            return b;
        }
        throw new IllegalStateException("binarySummary is for two-class models; this one has " + numClasses
                + " classes: use summary()");
    }

    /** The model's figures on {@code dataset} (labels in its label column), as {@code LogisticRegressionModel.evaluate}. */
    public LogisticRegressionSummary evaluate(Dataset<?> dataset) {
        return summaryOf(dataset, null);
    }

    /** Called by the fit: the summary over the training data (computed when asked, as MLlib's). */
    void createSummary(Dataset<?> train, double[] objectiveHistory) {
        trainingSummary = (LogisticRegressionTrainingSummary) summaryOf(train, objectiveHistory);
    }

    @SuppressWarnings("rawtypes")
    private LogisticRegressionSummary summaryOf(Dataset<?> dataset, double[] objectiveHistory) {
        scala.Tuple3 t = findSummaryModel();
        Dataset<Row> predictions = ((AdaGradClassificationModel) t._1()).transform(dataset);
        String probability = (String) t._2();
        String prediction = (String) t._3();
        String weight = getWeightCol();
        if (numClasses == 2) {
            return objectiveHistory == null ? new BinarySummaries.Evaluation(predictions, probability, prediction,
                    getLabelCol(), getFeaturesCol(), weight)
                    : new BinarySummaries.Training(predictions, probability, prediction, getLabelCol(), getFeaturesCol(),
                            weight, objectiveHistory);
        }
        return objectiveHistory == null ? new LogisticRegressionSummaryImpl(predictions, probability, prediction,
                getLabelCol(), getFeaturesCol(), weight)
                : new LogisticRegressionTrainingSummaryImpl(predictions, probability, prediction, getLabelCol(),
                        getFeaturesCol(), weight, objectiveHistory);
    }

    @Override
    public MLWriter write() {
        AdaGradClassificationModel self = this;
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                ModelFiles.save(self, path, sparkSession(), weights, Map.of("num_classes", Integer.toString(numClasses)));
            }
        };
    }

    public static MLReader<AdaGradClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public AdaGradClassificationModel load(String path) {
                ModelFiles.Loaded l = ModelFiles.load(path, sparkSession(), AdaGradClassificationModel.class.getName());
                int classes = Integer.parseInt(l.contents().metadata().getOrDefault("num_classes", "2"));
                AdaGradClassificationModel m = new AdaGradClassificationModel(l.metadata().uid(), l.weights(), classes);
                l.setParams(m);
                return m;
            }
        };
    }

    public static AdaGradClassificationModel load(String path) {
        return read().load(path);
    }

    /**
     * A classifier that {@code adagrad4j train} (or Java) wrote as a model folder, to score a data
     * frame's {@code features} vectors on Spark: a sparse-linear model of LIBSVM input, or a
     * {@code linear} network of unstandardised dense input. Predictions are positions in the
     * folder's classes ({@link ModelDescription#classes()}).
     *
     * <pre>{@code
     * AdaGradClassificationModel m = AdaGradClassificationModel.fromModelFolder(Path.of("runs/clicks"));
     * Dataset<Row> scored = m.transform(spark.read().format("libsvm").load("clicks-today.svm"));
     * }</pre>
     *
     * @throws java.io.IOException naming the folder: not a classifier, or an input (a table, hashed text,
     *     standardised features) that a Spark features vector does not carry
     */
    public static AdaGradClassificationModel fromModelFolder(java.nio.file.Path dir) throws java.io.IOException {
        ModelDescription d = ModelFolder.read(dir);
        String where = dir.resolve(ModelFolder.DESCRIPTION_FILE).toString();
        if (!d.classification()) {
            throw new DataFormatException(where, "is a " + d.task().id() + " model; AdaGradClassificationModel takes "
                    + "classifiers (AdaGradRegressionModel.fromModelFolder takes regression models)");
        }
        return new AdaGradClassificationModel(Identifiable$.MODULE$.randomUID("adagradClassifier"),
                SparkModelFolder.read(dir, d), d.classes().size());
    }

    @Override
    public String toString() {
        return "AdaGradClassificationModel: uid=" + uid + ", numClasses=" + numClasses + ", numFeatures="
                + weights.dim();
    }
}
