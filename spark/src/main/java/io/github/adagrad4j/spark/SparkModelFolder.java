package io.github.adagrad4j.spark;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.TargetScaler;
import io.github.adagrad4j.data.table.TableEncoder;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Spark-trained linear model or MLP as an ordinary model folder ({@code model.json} +
 * {@code model.safetensors}), so that {@code predict}, {@code evaluate} and {@link TrainedModel}
 * use it as they use a locally trained one: on LIBSVM rows a sparse-linear model, on a numeric CSV
 * (label last) a {@code linear} network. The weights are the model's own: a binary classifier's
 * single logistic output becomes the two-output softmax with logits {@code [0, z]}, whose second
 * probability is exactly {@code sigmoid(z)}.
 *
 * <pre>{@code
 * SparkModelFolder.write(dir, weights, classes, new SparkModelFolder.Source("libsvm", null, null, 0, 0.2, 42), null,
 *         metrics, training, provenance);
 * TrainedModel m = TrainedModel.load(dir);
 * }</pre>
 */
final class SparkModelFolder {
    private SparkModelFolder() {
    }

    /**
     * Where a Spark model's rows came from, as the folder's input description says it.
     *
     * @param kind {@code libsvm}, {@code csv} (numbers, label last), {@code table} (read by {@code
     *     table}) or {@code texts} (hashed by {@link HashedTextFeatures} into {@code 2^hashBits} buckets)
     * @param table the table encoder of a {@code table} source, else null
     * @param classes the class names in output order, or null for the class values' own
     * @param testSplit the held-out fraction and {@code splitSeed} its seed, recorded with a file's input
     */
    record Source(String kind, TableEncoder table, List<String> classes, int hashBits, double testSplit,
            long splitSeed) {
        /** Whether the rows are sparse vectors a sparse-linear model reads (LIBSVM rows, hashed texts). */
        boolean sparse() {
            return kind.equals("libsvm") || kind.equals("texts");
        }

        /** The input description: the table's, LIBSVM rows, hashed texts, or dense rows of a numeric file. */
        Map<String, Object> input(int dim, boolean sparse) {
            if (table != null) {
                return table.describe();
            }
            if (kind.equals("texts")) {
                return TrainedModel.hashedTextInput(hashBits, 1, 2, testSplit, splitSeed);
            }
            if (kind.equals("libsvm") && sparse) {
                return TrainedModel.libSvmInput(dim);
            }
            return TrainedModel.denseInput(dim, null, null, kind.equals("libsvm") ? "libsvm file" : "csv file",
                    testSplit, splitSeed);
        }
    }

    /**
     * Writes a linear model's folder.
     *
     * @param classes the class values in output order (empty for regression)
     * @param target the regression target's standardisation the weights were trained for, or null
     */
    static void write(Path dir, LinearWeights w, double[] classes, Source source, TargetScaler target,
            Map<String, Double> metrics, Map<String, Object> training, Map<String, Object> data) throws IOException {
        boolean regression = classes.length == 0;
        List<String> names = classNames(classes, source);
        ModelDescription.Task task = regression ? ModelDescription.Task.REGRESSION
                : ModelDescription.Task.CLASSIFICATION;
        Module network;
        ModelDescription d;
        Map<String, Object> model = new LinkedHashMap<>();
        if (source.sparse()) {
            SparseLinear layer = new SparseLinear(w.dim(), w.k());
            System.arraycopy(w.coefficients(), 0, layer.weight().data(), 0, w.coefficients().length);
            System.arraycopy(w.intercept(), 0, layer.parameters().get(1).data(), 0, w.k());
            network = layer;
            model.put("spec", "sparse-linear");
            model.put("input_shape", new int[] {w.dim()});
            model.put("outputs", w.k());
            d = ModelDescription.of(task, ModelDescription.Kind.SPARSE_LINEAR, names, model, source.input(w.dim(), true));
        } else {
            int outputs = regression ? 1 : classes.length;
            network = Models.parse("linear", new int[] {w.dim()}, outputs, 0);
            List<Parameter> p = network.parameters();
            float[] weight = p.get(0).data();   // [outputs, dim], PyTorch's layout
            float[] bias = p.get(1).data();
            // A binary model's one margin goes to the second output; the first is 0 (not the network's draw).
            java.util.Arrays.fill(weight, 0f);
            java.util.Arrays.fill(bias, 0f);
            int first = outputs - w.k();
            for (int j = 0; j < w.k(); j++) {
                for (int f = 0; f < w.dim(); f++) {
                    weight[(first + j) * w.dim() + f] = w.coefficients()[f * w.k() + j];
                }
                bias[first + j] = w.intercept()[j];
            }
            model.put("spec", "linear");
            model.put("input_shape", new int[] {w.dim()});
            model.put("outputs", outputs);
            d = ModelDescription.of(task, ModelDescription.Kind.NETWORK, names, model, source.input(w.dim(), false))
                    .withTargetScaling(target);
        }
        write(dir, network, d, training, metrics, data);
    }

    /**
     * Writes an MLP's folder: the network {@code nn} builds from its spec, with the weights Spark
     * trained, reading dense rows (a LIBSVM file's as dense vectors, as Spark read them).
     */
    static void write(Path dir, MlpClassificationModel mlp, double[] classes, Source source,
            Map<String, Double> metrics, Map<String, Object> training, Map<String, Object> data) throws IOException {
        Module network = mlp.network();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("spec", mlp.spec());
        model.put("input_shape", new int[] {mlp.numFeatures()});
        model.put("outputs", mlp.numClasses());
        model.put("parameters", network.parameterCount());
        write(dir, network, ModelDescription.of(ModelDescription.Task.CLASSIFICATION, ModelDescription.Kind.NETWORK,
                classNames(classes, source), model, source.input(mlp.numFeatures(), false)), training, metrics, data);
    }

    private static void write(Path dir, Module network, ModelDescription d, Map<String, Object> training,
            Map<String, Double> metrics, Map<String, Object> data) throws IOException {
        Map<String, Object> t = new LinkedHashMap<>(training);
        t.put("trainer", "spark");
        ModelFolder.write(dir, network, d.withTraining(t).withMetrics(metrics).withProvenance("data", data)
                .withProvenance("created", java.time.Instant.now().toString()));
    }

    /** The class names in output order: the table's, or the class values' (the labels were their positions). */
    private static List<String> classNames(double[] classes, Source source) {
        if (classes.length == 0) {
            return List.of();
        }
        if (source.classes() != null) {
            return source.classes();
        }
        if (source.table() != null) {
            return source.table().classes();
        }
        List<String> names = new ArrayList<>();
        for (double c : classes) {
            names.add(ClassLabels.name((float) c));
        }
        return names;
    }

    /**
     * The weights of a locally trained linear model whose input is a Spark features vector as it
     * stands: a sparse-linear model of LIBSVM rows, or a {@code linear} network of unstandardised
     * dense features.
     */
    static LinearWeights read(Path dir, ModelDescription d) throws IOException {
        String where = dir.resolve(ModelFolder.DESCRIPTION_FILE).toString();
        String input = String.valueOf(d.input().get("kind"));
        int outputs = ((Number) d.model().get("outputs")).intValue();
        int dim = ((Number) ((List<?>) d.model().get("input_shape")).get(0)).intValue();
        if (d.kind() == ModelDescription.Kind.SPARSE_LINEAR && input.equals("libsvm")) {
            SparseLinear layer = new SparseLinear(dim, outputs);
            ModelFolder.loadWeights(dir.resolve(ModelFolder.WEIGHTS_FILE), layer);
            return new LinearWeights(dim, outputs, layer.weight().data().clone(), layer.parameters().get(1).data().clone(),
                    new double[0]);
        }
        if (d.kind() == ModelDescription.Kind.NETWORK && "linear".equals(d.model().get("spec"))
                && input.equals("dense") && !d.input().containsKey("standardize")) {
            Module net = Models.parse("linear", new int[] {dim}, outputs, 0);
            ModelFolder.loadWeights(dir.resolve(ModelFolder.WEIGHTS_FILE), net);
            float[] w = net.parameters().get(0).data();   // [outputs, dim]
            float[] coefficients = new float[dim * outputs];
            for (int j = 0; j < outputs; j++) {
                for (int f = 0; f < dim; f++) {
                    coefficients[f * outputs + j] = w[j * dim + f];
                }
            }
            return new LinearWeights(dim, outputs, coefficients, net.parameters().get(1).data().clone(), new double[0]);
        }
        throw new io.github.adagrad4j.data.DataFormatException(where, "is a " + d.kind().id() + " model of " + input
                + " input" + (d.input().containsKey("standardize") ? " (standardised)" : "") + "; a Spark features "
                + "vector feeds sparse-linear models of LIBSVM input and linear networks of unstandardised dense input");
    }
}
