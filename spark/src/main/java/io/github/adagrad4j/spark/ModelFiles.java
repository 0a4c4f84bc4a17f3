package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * A model directory: Spark ML's params metadata (so {@code Pipeline} and {@code CrossValidator}
 * persistence find the class and params) and the weights as {@code data/model.safetensors}, our
 * checkpoint format, through Hadoop's file system API (local, HDFS, S3 ...).
 */
final class ModelFiles {
    static final String DATA = "data/model.safetensors";

    private ModelFiles() {
    }

    static void save(Params model, String path, SparkSession session, LinearWeights w, Map<String, String> meta) {
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.put("epochs", Integer.toString(w.lossHistory().length));
        save(model, path, session, w.tensors(), m);
    }

    static void save(Params model, String path, SparkSession session, Map<String, SafeTensors.Tensor> tensors,
                     Map<String, String> m) {
        DefaultParamsWriter$.MODULE$.saveMetadata(model, path, session);
        try {
            java.nio.file.Path local = Files.createTempFile("adagrad4j-model", ".safetensors");
            try {
                SafeTensors.write(local, tensors, m);
                Path dest = new Path(path, DATA);
                FileSystem fs = dest.getFileSystem(session.sparkContext().hadoopConfiguration());
                fs.copyFromLocalFile(false, true, new Path(local.toUri()), dest);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save model to " + path + ": " + e.getMessage(), e);
        }
    }

    record Loaded(DefaultParamsReader.Metadata metadata, SafeTensors.Contents contents, String where) {
        LinearWeights weights() {
            return LinearWeights.from(contents, where);
        }

        void setParams(Params model) {
            metadata.getAndSetParams(model, Option.empty());
        }
    }

    static Loaded load(String path, SparkSession session, String expectedClass) {
        DefaultParamsReader.Metadata md = DefaultParamsReader$.MODULE$.loadMetadata(path, session, expectedClass);
        try {
            java.nio.file.Path local = Files.createTempFile("adagrad4j-model", ".safetensors");
            try {
                Path src = new Path(path, DATA);
                FileSystem fs = src.getFileSystem(session.sparkContext().hadoopConfiguration());
                fs.copyToLocalFile(false, src, new Path(local.toUri()), true);
                SafeTensors.Contents c = SafeTensors.read(local);
                return new Loaded(md, c, path + "/" + DATA);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load model from " + path + ": " + e.getMessage(), e);
        }
    }
}
