package io.github.adagrad4j.spark;

import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.text.HashingVectorizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A text column hashed into a sparse features vector exactly as {@code adagrad4j train} hashes texts
 * for its sparse-linear models ({@link HashingVectorizer}: lower-cased runs of letters and digits,
 * n-grams {@code ngramMin..ngramMax}, {@code 2^numBits} signed buckets, term counts scaled to unit
 * length). A model trained on its output is the same model as one trained locally on the same
 * texts, so its weights make an ordinary model folder that {@code predict} reads from the texts.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline().setStages(new PipelineStage[] {
 *     new HashedTextFeatures().setInputCol("text").setOutputCol("features").setNumBits(20),
 *     new AdaGradClassifier().setOptimizer("adagrad").setLearningRate(0.1)});
 * }</pre>
 */
public final class HashedTextFeatures extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;

    /** One vectorizer per setting and JVM: it holds no state a row changes, so every task shares it. */
    private static final Map<List<Integer>, HashingVectorizer> VECTORIZERS = new ConcurrentHashMap<>();

    private final String uid;
    private final Param<String> inputCol;
    private final Param<String> outputCol;
    private final IntParam numBits;
    private final IntParam ngramMin;
    private final IntParam ngramMax;

    public HashedTextFeatures() {
        this(Identifiable$.MODULE$.randomUID("hashedText"));
    }

    public HashedTextFeatures(String uid) {
        this(uid, Uids.stash(uid));
    }

    private HashedTextFeatures(String uid, Void stashed) {
        this.uid = uid;
        Uids.clear();
        inputCol = new Param<>(this, "inputCol", "the text column");
        outputCol = new Param<>(this, "outputCol", "the features column written");
        numBits = new IntParam(this, "numBits", "texts hash into 2^numBits buckets (1..30)",
                ParamValidators.inRange(1, 30));
        ngramMin = new IntParam(this, "ngramMin", "the shortest n-gram, in tokens (>= 1)", ParamValidators.gtEq(1));
        ngramMax = new IntParam(this, "ngramMax", "the longest n-gram, in tokens (>= ngramMin)", ParamValidators.gtEq(1));
        setDefault(inputCol, "text");
        setDefault(outputCol, "features");
        setDefault(numBits, 20);
        setDefault(ngramMin, 1);
        setDefault(ngramMax, 2);
    }

    @Override
    public String uid() {
        return Uids.of(uid);
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public IntParam numBits() {
        return numBits;
    }

    public IntParam ngramMin() {
        return ngramMin;
    }

    public IntParam ngramMax() {
        return ngramMax;
    }

    public HashedTextFeatures setInputCol(String v) {
        set(inputCol, v);
        return this;
    }

    public HashedTextFeatures setOutputCol(String v) {
        set(outputCol, v);
        return this;
    }

    public HashedTextFeatures setNumBits(int v) {
        set(numBits, v);
        return this;
    }

    public HashedTextFeatures setNgrams(int min, int max) {
        set(ngramMin, min);
        set(ngramMax, max);
        return this;
    }

    public int getNumBits() {
        return (Integer) getOrDefault(numBits);
    }

    public int getNgramMin() {
        return (Integer) getOrDefault(ngramMin);
    }

    public int getNgramMax() {
        return (Integer) getOrDefault(ngramMax);
    }

    /** The vector of one text, as {@code train}'s hashing makes it (an empty or null text: all zeros). */
    static Vector vector(String text, int bits, int min, int max) {
        HashingVectorizer h = VECTORIZERS.computeIfAbsent(List.of(bits, min, max), k -> HashingVectorizer.builder()
                .bits(bits).ngrams(min, max).allowEmpty(true).build());
        CsrMatrix m = h.transform(List.of(text == null ? "" : text));
        int from = m.rowPtr()[0];
        int to = m.rowPtr()[1];
        double[] values = new double[to - from];
        for (int i = 0; i < values.length; i++) {
            values[i] = m.values()[from + i];
        }
        return Vectors.sparse(h.buckets(), Arrays.copyOfRange(m.cols(), from, to), values);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        int bits = getNumBits();
        int min = getNgramMin();
        int max = getNgramMax();
        return dataset.withColumn(getOrDefault(outputCol), functions.udf((UDF1<String, Vector>) t -> vector(t, bits,
                min, max), SQLDataTypes.VectorType()).apply(functions.col(getOrDefault(inputCol))));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getOrDefault(inputCol);
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("inputCol '" + in + "' is not a column; the columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        if (!schema.apply(in).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("inputCol '" + in + "' holds " + schema.apply(in).dataType()
                    .simpleString() + "; expected string");
        }
        if (getNgramMax() < getNgramMin()) {
            throw new IllegalArgumentException("ngramMax " + getNgramMax() + " is below ngramMin " + getNgramMin());
        }
        String out = getOrDefault(outputCol);
        if (Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("outputCol '" + out + "' is already a column");
        }
        return schema.add(new StructField(out, SQLDataTypes.VectorType(), false,
                org.apache.spark.sql.types.Metadata.empty()));
    }

    @Override
    public HashedTextFeatures copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new DefaultParamsWriter(this);
    }

    public static MLReader<HashedTextFeatures> read() {
        return new DefaultParamsReader<>();
    }

    public static HashedTextFeatures load(String path) {
        return read().load(path);
    }
}
