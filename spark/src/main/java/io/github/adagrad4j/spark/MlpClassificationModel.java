package io.github.adagrad4j.spark;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.optim.io.SafeTensors;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * An MLP fitted by {@link MlpClassifier}: {@code rawPrediction} holds the logits, {@code probability}
 * their softmax.
 *
 * <pre>{@code
 * MlpClassificationModel m = new MlpClassifier().fit(train);
 * m.write().overwrite().save("models/mlp");
 * MlpClassificationModel.load("models/mlp").transform(test).show();
 * }</pre>
 */
public final class MlpClassificationModel extends ProbabilisticClassificationModel<Vector, MlpClassificationModel>
        implements TrainingParams<MlpClassificationModel>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final String spec;
    private final int dim;
    private final int classes;
    private final float[] weights;
    private final double[] lossHistory;
    private final TrainingParamSet params;
    private final org.apache.spark.ml.param.IntArrayParam hiddenLayers;
    /** Set by the fit (null after a load, as MLlib's). */
    private transient org.apache.spark.ml.classification.MultilayerPerceptronClassificationTrainingSummary
            trainingSummary;
    /** The network, rebuilt where the model is used (executors deserialize the model, not modules). */
    private transient ThreadLocal<Module> network;

    MlpClassificationModel(String uid, String spec, int dim, int classes, float[] weights, double[] lossHistory) {
        this(uid, spec, dim, classes, weights, lossHistory, Uids.stash(uid));
    }

    private MlpClassificationModel(String uid, String spec, int dim, int classes, float[] weights,
                                   double[] lossHistory, Void stashed) {
        this.uid = uid;
        Uids.clear();
        this.spec = spec;
        this.dim = dim;
        this.classes = classes;
        this.weights = weights;
        this.lossHistory = lossHistory;
        this.params = new TrainingParamSet(this);
        this.hiddenLayers = MlpClassifier.hiddenLayersParam(this);
    }

    /** The params it was trained with (copied from its estimator, saved and loaded with it). */
    @Override
    public TrainingParamSet trainingParamSet() {
        return params;
    }

    public org.apache.spark.ml.param.IntArrayParam hiddenLayers() {
        return hiddenLayers;
    }

    public int[] getHiddenLayers() {
        return getOrDefault(hiddenLayers);
    }

    /** Whether the model has its training summary: a fitted one does, a loaded one does not (as in MLlib). */
    public boolean hasSummary() {
        return trainingSummary != null;
    }

    /**
     * The training summary, as {@code MultilayerPerceptronClassificationModel.summary()} gives it:
     * the mean training loss per epoch and the figures on the training data.
     *
     * @throws IllegalStateException if there is none (a loaded model): use {@link #evaluate}
     */
    public org.apache.spark.ml.classification.MultilayerPerceptronClassificationTrainingSummary summary() {
        if (trainingSummary == null) {
            throw new IllegalStateException("No training summary available for this MlpClassificationModel (a loaded "
                    + "model has none): use evaluate(dataset)");
        }
        return trainingSummary;
    }

    /** The model's figures on {@code dataset}, as {@code MultilayerPerceptronClassificationModel.evaluate}. */
    public org.apache.spark.ml.classification.MultilayerPerceptronClassificationSummary evaluate(
            org.apache.spark.sql.Dataset<?> dataset) {
        return new org.apache.spark.ml.classification.MultilayerPerceptronClassificationSummaryImpl(transform(dataset),
                getPredictionCol(), getLabelCol(), "");
    }

    /** Called by the fit: the summary over the training data (computed when asked). */
    void createSummary(org.apache.spark.sql.Dataset<?> train, double[] objectiveHistory) {
        trainingSummary = new org.apache.spark.ml.classification.MultilayerPerceptronClassificationTrainingSummaryImpl(
                transform(train), getPredictionCol(), getLabelCol(), "", objectiveHistory);
    }

    @Override
    public String uid() {
        return Uids.of(uid);
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public int numFeatures() {
        return dim;
    }

    /** The layer spec, e.g. {@code mlp:64,32}. */
    public String spec() {
        return spec;
    }

    /** A new network of this model's spec holding its weights. */
    Module network() {
        Module m = MlpTrainer.build(spec, dim, classes, 0);
        MlpTrainer.load(m, weights);
        return m;
    }

    public double[] lossHistory() {
        return lossHistory.clone();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    @SuppressWarnings("try")
    public Vector predictRaw(Vector features) {
        if (features.size() != dim) {
            throw new IllegalArgumentException("features vector of size " + features.size() + "; the model was trained "
                    + "on " + dim + " features");
        }
        if (network == null) {
            network = ThreadLocal.withInitial(() -> {
                Module m = MlpTrainer.build(spec, dim, classes, 0);
                MlpTrainer.load(m, weights);
                m.train(false);
                return m;
            });
        }
        double[] x = features.toArray();
        float[] xf = new float[dim];
        for (int i = 0; i < dim; i++) {
            xf[i] = (float) x[i];
        }
        try (Tensor.NoGrad inference = Tensor.noGrad()) {
            float[] z = network.get().forward(Tensor.of(xf, 1, dim)).data();
            double[] raw = new double[classes];
            for (int j = 0; j < classes; j++) {
                raw[j] = z[j];
            }
            return Vectors.dense(raw);
        }
    }

    @Override
    public Vector raw2probabilityInPlace(Vector raw) {
        Probabilities.softmaxInPlace(((DenseVector) raw).values());
        return raw;
    }

    @Override
    public MlpClassificationModel copy(ParamMap extra) {
        MlpClassificationModel m = copyValues(new MlpClassificationModel(uid, spec, dim, classes, weights, lossHistory),
                extra).setParent(parent());
        m.trainingSummary = trainingSummary;
        return m;
    }

    @Override
    public MLWriter write() {
        MlpClassificationModel self = this;
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
                t.put("weights", new SafeTensors.Tensor(new int[] {weights.length}, weights));
                float[] h = new float[Math.max(1, lossHistory.length)];
                for (int i = 0; i < lossHistory.length; i++) {
                    h[i] = (float) lossHistory[i];
                }
                t.put("loss_history", new SafeTensors.Tensor(new int[] {h.length}, h));
                ModelFiles.save(self, path, sparkSession(), t, Map.of("spec", spec, "dim", Integer.toString(dim),
                        "classes", Integer.toString(classes), "epochs", Integer.toString(lossHistory.length)));
            }
        };
    }

    public static MLReader<MlpClassificationModel> read() {
        return new MLReader<>() {
            @Override
            public MlpClassificationModel load(String path) {
                ModelFiles.Loaded l = ModelFiles.load(path, sparkSession(), MlpClassificationModel.class.getName());
                Map<String, String> md = l.contents().metadata();
                SafeTensors.Tensor w = l.contents().tensors().get("weights");
                SafeTensors.Tensor h = l.contents().tensors().get("loss_history");
                int dim = Integer.parseInt(md.get("dim"));
                int classes = Integer.parseInt(md.get("classes"));
                if (w == null || w.data().length != MlpTrainer.size(MlpTrainer.build(md.get("spec"), dim, classes, 0))) {
                    throw new IllegalArgumentException(l.where() + ": weights do not fit the network " + md.get("spec"));
                }
                double[] hist = new double[Integer.parseInt(md.getOrDefault("epochs", "0"))];
                for (int i = 0; i < hist.length && h != null && i < h.data().length; i++) {
                    hist[i] = h.data()[i];
                }
                MlpClassificationModel m = new MlpClassificationModel(l.metadata().uid(), md.get("spec"), dim, classes,
                        w.data(), hist);
                l.setParams(m);
                return m;
            }
        };
    }

    public static MlpClassificationModel load(String path) {
        return read().load(path);
    }
}
