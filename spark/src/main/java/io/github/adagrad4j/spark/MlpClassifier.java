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
 * sparse features.
 *
 * <pre>{@code
 * MlpClassificationModel m = new MlpClassifier().setHiddenLayers(new int[] {64, 32})
 *         .setOptimizer("adagrad").setLearningRate(0.05).setBatchSize(64).setMaxIter(20).fit(train);
 * }</pre>
 */
public final class MlpClassifier extends ProbabilisticClassifier<Vector, MlpClassifier, MlpClassificationModel>
        implements LinearTrainingParams<MlpClassifier>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final LinearParamSet params;
    private final IntArrayParam hiddenLayers;

    public MlpClassifier() {
        this(Identifiable$.MODULE$.randomUID("mlpClassifier"));
    }

    public MlpClassifier(String uid) {
        this(uid, Uids.stash(uid));
    }

    private MlpClassifier(String uid, Void stashed) {
        this.uid = uid;
        Uids.clear();
        this.params = new LinearParamSet(this);
        this.hiddenLayers = new IntArrayParam(this, "hiddenLayers", "sizes of the hidden ReLU layers");
        setDefault(hiddenLayers, new int[] {64});
    }

    @Override
    public String uid() {
        return Uids.of(uid);
    }

    @Override
    public LinearParamSet linearParamSet() {
        return params;
    }

    public IntArrayParam hiddenLayers() {
        return hiddenLayers;
    }

    public int[] getHiddenLayers() {
        return getOrDefault(hiddenLayers);
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
        // The parameters are shared with the linear estimators, whose trainer writes checkpoints; this one does not.
        if ((Integer) getOrDefault(linearParamSet().checkpointInterval) > 0
                || !getOrDefault(linearParamSet().checkpointDir).isEmpty()) {
            throw new IllegalArgumentException("MlpClassifier writes no checkpoints: leave checkpointInterval and "
                    + "checkpointDir unset (got " + getOrDefault(linearParamSet().checkpointInterval) + ", '"
                    + getOrDefault(linearParamSet().checkpointDir) + "')");
        }
        int[] hidden = getHiddenLayers();
        if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hiddenLayers must be one or more positive sizes, got "
                    + Arrays.toString(hidden));
        }
        String spec = "mlp:" + Arrays.stream(hidden).mapToObj(Integer::toString).collect(Collectors.joining(","));
        int classes = AdaGradClassifier.numClasses(dataset, getLabelCol());
        LinearTrainer.Config c = params.config(this, LinearLoss.SOFTMAX, classes, classes, 0, getLabelCol(),
                getFeaturesCol(), null);
        MlpTrainer.Fitted f = MlpTrainer.fit(dataset, c, spec, classes);
        return new MlpClassificationModel(uid(), spec, f.dim(), classes, f.weights(), f.lossHistory());
    }

    @Override
    public MlpClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
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
