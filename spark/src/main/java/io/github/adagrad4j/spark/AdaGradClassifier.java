package io.github.adagrad4j.spark;

import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.BinaryAttribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Logistic (two classes) or softmax (more) regression trained on Spark with any adagrad4j update
 * rule: AdaGrad by default, FTRL, AdaGrad-RDA, Adam ... Features come from a sparse or dense
 * {@code Vector} column; only the features a mini-batch touches travel between executors and
 * the driver. Output columns as MLlib's {@code LogisticRegression}: {@code rawPrediction},
 * {@code probability}, {@code prediction}.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {
 *     new Tokenizer().setInputCol("text").setOutputCol("words"),
 *     new HashingTF().setInputCol("words").setOutputCol("features").setNumFeatures(1 << 20),
 *     new AdaGradClassifier().setOptimizer("ftrl").setLearningRate(0.5).setL1(1e-4).setMaxIter(5)});
 * PipelineModel model = p.fit(train);
 * model.transform(test).select("prediction", "probability").show();
 * }</pre>
 *
 * Labels must be class indices 0..k-1 (a {@code StringIndexer} makes them); the number of classes
 * comes from the label column's metadata or its largest value.
 */
public final class AdaGradClassifier
        extends ProbabilisticClassifier<Vector, AdaGradClassifier, AdaGradClassificationModel>
        implements TrainingParams<AdaGradClassifier>, ThresholdParams<AdaGradClassifier>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final TrainingParamSet params;
    private transient EpochListener listener = EpochListener.NONE;
    private final Param<String> initialModel;
    /** A fitted model's weights to start from ({@link #setInitialModel(AdaGradClassificationModel)}); wins over the folder param. */
    private transient LinearWeights initialWeights;
    private final Param<String> family;
    private final org.apache.spark.ml.param.DoubleParam threshold;
    private transient FitConfig.StepHook hook;

    public AdaGradClassifier() {
        this(Identifiable$.MODULE$.randomUID("adagradClassifier"));
    }

    public AdaGradClassifier(String uid) {
        this(uid, Uids.stash(uid));
    }

    private AdaGradClassifier(String uid, Void stashed) {
        this.uid = uid;
        Uids.clear();
        this.params = new TrainingParamSet(this);
        this.initialModel = InitialModel.param(this);
        this.family = familyParam(this);
        this.threshold = Thresholds.param(this);
    }

    @Override
    public org.apache.spark.ml.param.DoubleParam threshold() {
        return threshold;
    }

    /** Clears {@code threshold}, as {@code LogisticRegression.setThresholds}. */
    @Override
    public AdaGradClassifier setThresholds(double[] value) {
        clear(threshold);
        return super.setThresholds(value);
    }

    @Override
    public double[] getThresholds() {
        return Thresholds.thresholds(this, threshold, thresholds());
    }

    /** The family param of {@code owner} (the estimator, or its model, which carries it), with its default. */
    static Param<String> familyParam(org.apache.spark.ml.param.Params owner) {
        Param<String> p = new Param<>(owner.uid(), "family", "auto (binomial for 2 classes, else multinomial), "
                + "binomial (one logistic output) or multinomial (softmax, one output per class)",
                ParamValidators.inArray(List.of("auto", "binomial", "multinomial")));
        owner.setDefault(p, "auto");
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
    public AdaGradClassifier setEpochListener(EpochListener listener) {
        this.listener = listener == null ? EpochListener.NONE : listener;
        return this;
    }

    public Param<String> family() {
        return family;
    }

    public String getFamily() {
        return getOrDefault(family);
    }

    public AdaGradClassifier setFamily(String value) {
        set(family, value);
        return this;
    }

    /** Runs before each step's computation on the executor; for fault-injection tests. */
    AdaGradClassifier setStepHook(FitConfig.StepHook hook) {
        this.hook = hook;
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
    public AdaGradClassifier setInitialModel(String dir) {
        set(initialModel, dir);
        return this;
    }

    /** Starts the fit from a fitted model's weights (the optimizer's state starts anew); null clears it. */
    public AdaGradClassifier setInitialModel(AdaGradClassificationModel model) {
        this.initialWeights = model == null ? null : model.weights();
        return this;
    }

    @Override
    public AdaGradClassificationModel train(Dataset<?> dataset) {
        params.ruleSpec(this); // a wrong optimizer option fails here, before the label pass
        int numClasses = numClasses(dataset, getLabelCol());
        if (numClasses < 2) {
            throw new IllegalArgumentException("column '" + getLabelCol() + "': the labels hold " + numClasses
                    + " class; a classifier needs at least 2");
        }
        String fam = getFamily();
        if (fam.equals("binomial") && numClasses > 2) {
            throw new IllegalArgumentException("family 'binomial' needs 2 classes, column '" + getLabelCol()
                    + "' has " + numClasses + "; use 'multinomial'");
        }
        boolean binary = numClasses == 2 && !fam.equals("multinomial");
        FitConfig c = params.config(this, binary ? LinearLoss.LOGISTIC : LinearLoss.SOFTMAX,
                binary ? 1 : numClasses, numClasses, 0, getLabelCol(), getFeaturesCol(), hook);
        LinearTrainer.Fitted f = LinearTrainer.fit(dataset, c, InitialModel.resolve(getInitialModel(), initialWeights),
                listener == null ? EpochListener.NONE : listener);
        AdaGradClassificationModel m = copyValues(new AdaGradClassificationModel(uid(), LinearWeights.of(f), numClasses),
                new ParamMap());
        m.createSummary(dataset, f.lossHistory());
        return m;
    }

    /** From the label column's metadata (a StringIndexer's) if it has them, else the largest label + 1. */
    static int numClasses(Dataset<?> dataset, String label) {
        Attribute a = Attribute.fromStructField(dataset.schema().apply(label));
        if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
            return (Integer) n.getNumValues().get();
        }
        if (a instanceof BinaryAttribute) {
            return 2;
        }
        Row max = dataset.agg(functions.max(functions.col(label))).first();
        if (max.isNullAt(0)) {
            throw new IllegalArgumentException("the dataset is empty (no label in column '" + label + "')");
        }
        double m = max.getDouble(0);
        if (!(m >= 0 && m == Math.rint(m) && m < 100_000)) {
            throw new IllegalArgumentException("column '" + label + "': largest label " + m + "; expected class "
                    + "indices 0, 1, ... (index string labels with a StringIndexer)");
        }
        return (int) m + 1;
    }

    @Override
    public AdaGradClassifier copy(ParamMap extra) {
        AdaGradClassifier c = defaultCopy(extra);
        c.initialWeights = initialWeights;
        c.hook = hook;
        c.listener = listener;
        return c;
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<AdaGradClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static AdaGradClassifier load(String path) {
        return read().load(path);
    }
}
