package io.github.adagrad4j.spark;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;

/**
 * A multilayer perceptron (adagrad4j's {@code nn}: dense ReLU layers, softmax cross-entropy) for
 * dense feature vectors, trained on Spark in the synchronous data-parallel mode with any update
 * rule. Every step broadcasts the whole (small) model; use {@link AdaGradClassifier} for wide
 * sparse features. With a {@code checkpointDir}, the weights and the optimizer state are saved
 * every {@code checkpointInterval} epochs, and a fit of the same settings and data resumes from them.
 *
 * <pre>{@code
 * MlpClassificationModel m = new MlpClassifier().setHiddenLayers(new int[] {64, 32})
 *         .setOptimizer("adagrad").setLearningRate(0.05).setBatchSize(64).setMaxIter(20).fit(train);
 * }</pre>
 */
public final class MlpClassifier extends ProbabilisticClassifier<Vector, MlpClassifier, MlpClassificationModel>
        implements TrainingParams<MlpClassifier>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final TrainingParamSet params;
    private final IntArrayParam hiddenLayers;
    private transient EpochListener listener = EpochListener.NONE;

    public MlpClassifier() {
        this(Identifiable$.MODULE$.randomUID("mlpClassifier"));
    }

    public MlpClassifier(String uid) {
        this(uid, Uids.stash(uid));
    }

    private MlpClassifier(String uid, Void stashed) {
        this.uid = uid;
        Uids.clear();
        this.params = new TrainingParamSet(this);
        this.hiddenLayers = hiddenLayersParam(this);
    }

    /** The hiddenLayers param of {@code owner} (the estimator, or its model, which carries it), with its default. */
    static IntArrayParam hiddenLayersParam(org.apache.spark.ml.param.Params owner) {
        IntArrayParam p = new IntArrayParam(owner, "hiddenLayers", "sizes of the hidden ReLU layers");
        owner.setDefault(p, new int[] {64});
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

    public IntArrayParam hiddenLayers() {
        return hiddenLayers;
    }

    public int[] getHiddenLayers() {
        return getOrDefault(hiddenLayers);
    }

    /** Told on the driver after each epoch (not a param: not saved, but kept by {@link #copy}). */
    public MlpClassifier setEpochListener(EpochListener listener) {
        this.listener = listener == null ? EpochListener.NONE : listener;
        return this;
    }

    public MlpClassifier setHiddenLayers(int[] sizes) {
        set(hiddenLayers, sizes);
        return this;
    }

    @Override
    public MlpClassificationModel train(Dataset<?> dataset) {
        if (getTrainingMode().equals("average") || !getWeightCol().isEmpty() || getStandardization()
                || !getFitIntercept()) {
            throw new IllegalArgumentException("MlpClassifier trains in trainingMode 'sync', without weightCol, "
                    + "standardization or fitIntercept=false (got " + getTrainingMode() + ", '" + getWeightCol() + "', "
                    + getStandardization() + ", " + getFitIntercept() + ")");
        }
        int[] hidden = getHiddenLayers();
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hiddenLayers must be one or more positive sizes, got "
                    + Arrays.toString(hidden));
        }
        String spec = "mlp:" + Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(","));
        int classes = AdaGradClassifier.numClasses(dataset, getLabelCol());
        FitConfig c = params.config(this, LinearLoss.SOFTMAX, classes, classes, 0, getLabelCol(),
                getFeaturesCol(), null);
        MlpTrainer.Fitted f = MlpTrainer.fit(dataset, c, spec, classes, listener == null ? EpochListener.NONE : listener);
        MlpClassificationModel m = copyValues(new MlpClassificationModel(uid(), spec, f.dim(), classes, f.weights(),
                f.lossHistory()), new ParamMap());
        m.createSummary(dataset, f.lossHistory());
        return m;
    }

    @Override
    public MlpClassifier copy(ParamMap extra) {
        MlpClassifier c = defaultCopy(extra);
        c.listener = listener;
        return c;
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<MlpClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static MlpClassifier load(String path) {
        return read().load(path);
    }
}
