package io.github.adagrad4j.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers with Kryo every class of ours that a fit sends through Spark's serializer (broadcast
 * weights and optimizer state, partial gradient sums, cached blocks), so that the estimators run
 * with {@code spark.kryo.registrationRequired=true}. Without that setting Kryo needs nothing from
 * us; with it, name this class:
 *
 * <pre>{@code
 * SparkSession.builder()
 *     .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
 *     .config("spark.kryo.registrationRequired", "true")
 *     .config("spark.kryo.registrator", "io.github.adagrad4j.spark.KryoRegistration")
 * }</pre>
 */
public final class KryoRegistration implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Replicas.Weights.class);
        kryo.register(Replicas.Delta.class);
        kryo.register(AveragingMode.LocalStart.class);
        kryo.register(ExactSparseSum.class);
        kryo.register(Block.class);
        kryo.register(float[].class);
        kryo.register(float[][].class);
        kryo.register(double[].class);
        kryo.register(int[].class);
        kryo.register(long[].class);
    }
}
