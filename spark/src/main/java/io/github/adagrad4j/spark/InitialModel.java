package io.github.adagrad4j.spark;

import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.ModelFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The warm start of the linear estimators ({@code initialModel}): a fit starts from another
 * model's weights instead of zeros, so a daily fit continues from yesterday's model. The weights
 * come from a fitted model given in Java, or from a model folder (spark-train's, or a local
 * sparse-linear model of LIBSVM rows: whatever {@link SparkModelFolder#read} reads as a Spark
 * features vector). Only the weights: the optimizer's state (AdaGrad's sums) starts anew, as it
 * does for MLlib's {@code KMeans.setInitialModel}, so a continued AdaGrad fit takes larger first
 * steps than the fit it continues would have; a smaller {@code learningRate} tempers them.
 *
 * <pre>{@code
 * AdaGradClassifier today = new AdaGradClassifier().setInitialModel(yesterdaysModel).setMaxIter(2);
 * AdaGradClassifier fromFolder = new AdaGradClassifier().setInitialModel("/models/ctr-2026-12-03");
 * }</pre>
 */
final class InitialModel {
    private InitialModel() {
    }

    static Param<String> param(Params owner) {
        Param<String> p = new Param<>(owner.uid(), "initialModel", "a model folder whose weights start the fit "
                + "(spark-train's, or a sparse-linear model of LIBSVM rows); empty: zeros. The optimizer's state "
                + "starts anew");
        owner.setDefault(p, "");
        return p;
    }

    /** The weights to start from: {@code fitted} when given, else the folder's, else null (zeros). */
    static LinearWeights resolve(String folder, LinearWeights fitted) {
        if (fitted != null) {
            return fitted;
        }
        if (folder == null || folder.isEmpty()) {
            return null;
        }
        try {
            Path dir = Path.of(folder);
            ModelDescription d = ModelFolder.read(dir);
            return SparkModelFolder.read(dir, d);
        } catch (IOException e) {
            throw new UncheckedIOException("initialModel " + folder + ": " + e.getMessage(), e);
        }
    }
}
