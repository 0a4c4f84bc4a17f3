package io.github.adagrad4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The estimators under the serializers production clusters set: Spark's default Java serialization,
 * Kryo, and Kryo with every class registered ({@link KryoRegistration}). Broadcast weights, partial
 * gradient sums and cached blocks go through the serializer; a fit is the same under each.
 */
class SerializerTest {
    static final Map<String, Map<String, String>> SERIALIZERS = Map.of(
            "java", Map.of(),
            "kryo", Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer"),
            "kryo-registered", Map.of("spark.serializer", "org.apache.spark.serializer.KryoSerializer",
                    "spark.kryo.registrationRequired", "true",
                    "spark.kryo.registrator", KryoRegistration.class.getName(),
                    // The test's own rows, sent from the driver's list, as a user registers their own classes.
                    "spark.kryo.classesToRegister", "org.apache.spark.sql.catalyst.expressions.GenericRow,"
                            + "[Ljava.lang.Object;,org.apache.spark.ml.linalg.DenseVector,"
                            + "org.apache.spark.ml.linalg.SparseVector"));

    @AfterAll
    static void backToLocal() {
        TestSpark.local();
    }

    /** Every estimator and mode on one session: what each fit learned, by name. */
    private static Map<String, List<Double>> fits(SparkSession s) {
        Dataset<Row> binary = TestSpark.frameInOrder(s, TestSpark.denseBinary(300, 4, 3), 2);
        Dataset<Row> sparse = TestSpark.frameInOrder(s, TestSpark.sparseBinary(300, 1 << 12, 8, 4), 2);
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (String mode : List.of("sync", "average")) {
            AdaGradClassifier c = new AdaGradClassifier().setTrainingMode(mode).setBatchSize(20).setMaxIter(2).setTol(0)
                    .setAggregationDepth(3);
            out.put("classifier " + mode, values(c.fit(sparse).weights().coefficients()));
            AdaGradRegressor r = new AdaGradRegressor().setTrainingMode(mode).setBatchSize(20).setMaxIter(2).setTol(0);
            out.put("regressor " + mode, values(r.fit(binary).weights().coefficients()));
        }
        MlpClassificationModel mlp = new MlpClassifier().setHiddenLayers(new int[] {4}).setBatchSize(20).setMaxIter(2)
                .setTol(0).fit(binary);
        List<Double> p = new ArrayList<>();
        for (Row row : mlp.transform(binary).select("probability").limit(20).collectAsList()) {
            p.add(((Vector) row.get(0)).apply(1));
        }
        out.put("mlp", p);
        return out;
    }

    private static List<Double> values(float[] a) {
        List<Double> l = new ArrayList<>();
        for (float v : a) {
            l.add((double) v);
        }
        return l;
    }

    @Test
    void everyEstimatorAndModeFitsTheSameModelUnderJavaKryoAndRegisteredKryo() {
        Map<String, List<Double>> java = fits(TestSpark.session("local[2]", SERIALIZERS.get("java")));
        assertThat(java).hasSize(5);
        for (String serializer : List.of("kryo", "kryo-registered")) {
            Map<String, List<Double>> other = fits(TestSpark.session("local[2]", SERIALIZERS.get(serializer)));
            assertThat(other).as(serializer).isEqualTo(java);
        }
    }

    @Test
    void aFitCrossesExecutorJvmsUnderRegisteredKryo() {
        List<Row> rows = TestSpark.sparseBinary(2000, 1 << 14, 10, 8);
        AdaGradClassifier est = new AdaGradClassifier().setBatchSize(100).setMaxIter(2).setTol(0);
        AdaGradClassifier averaging = est.copy(new org.apache.spark.ml.param.ParamMap()).setTrainingMode("average");
        float[] sync = est.fit(TestSpark.frameInOrder(TestSpark.local(), rows, 4)).weights().coefficients();
        float[] average = averaging.fit(TestSpark.frameInOrder(TestSpark.local(), rows, 4)).weights().coefficients();
        SparkSession cluster = TestSpark.session("local-cluster[2,1,1024]", SERIALIZERS.get("kryo-registered"));
        assertThat(est.fit(TestSpark.frameInOrder(cluster, rows, 4)).weights().coefficients()).isEqualTo(sync);
        assertThat(averaging.fit(TestSpark.frameInOrder(cluster, rows, 4)).weights().coefficients()).isEqualTo(average);
    }
}
