package io.github.adagrad4j.serve;

import io.github.adagrad4j.data.text.TokenHashing;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.layers.SequenceClassifier;
import io.github.adagrad4j.nn.layers.SparseLinear;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.Recipe;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Model folders of every request shape, for the server tests. */
final class Models {
    /** The README's churn table. */
    static final Path CHURN_CSV = Path.of("../examples/data/churn.csv");
    static final Path CHURN_NEW = Path.of("../examples/data/churn-new.csv");

    private Models() {
    }

    /** An MLP trained (briefly) on the churn table: rows in, classes out. */
    static Path churn(Path dir, long seed) throws Exception {
        TrainingConfig c = TrainingConfig.builder().data(CHURN_CSV.toString()).labelColumn("churned").model("mlp:16")
                .optimizer("adagrad").optimizerOption("lr", "0.05").epochs(2).seed(seed).output(dir).build();
        Recipe r = new Recipe(c);
        r.chart = false;
        r.run(new PrintWriter(Writer.nullWriter()));
        return dir;
    }

    /** A dense network on 4 standardised features, 3 classes. */
    static Path dense(Path dir) throws Exception {
        Module net = io.github.adagrad4j.nn.layers.Models.parse("mlp:8", new int[] {4}, 3, 5);
        ModelFolder.write(dir, net, ModelDescription.network("mlp:8", net, new int[] {4}, List.of("a", "b", "c"),
                TrainedModel.denseInput(4, new double[] {1, 2, 3, 4}, new double[] {1, 0.5, 2, 4}, "csv", 0.2, 42)));
        return dir;
    }

    /** A logistic sparse-linear model on 20 LIBSVM features. */
    static Path sparse(Path dir) throws Exception {
        SparseLinear net = new SparseLinear(20, 1);
        SplittableRandom r = new SplittableRandom(3);
        for (var p : net.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] = (float) r.nextDouble(-1, 1);
            }
        }
        Map<String, Object> model = new java.util.LinkedHashMap<>();
        model.put("spec", "sparse-linear");
        model.put("input_shape", new int[] {20});
        model.put("outputs", 1);
        ModelFolder.write(dir, net, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.SPARSE_LINEAR, List.of("no", "yes"), model, TrainedModel.libSvmInput(20)));
        return dir;
    }

    /** A model {@code learn} writes: the stream {@code text} (a file named {@code dir} plus the format's extension) learned once. */
    static Path learned(Path dir, String text, io.github.adagrad4j.data.stream.StreamFormat format) throws Exception {
        Path data = dir.resolveSibling(dir.getFileName() + "." + format.id());
        java.nio.file.Files.writeString(data, text);
        io.github.adagrad4j.train.OnlineLearner.builder().data(data.toString())
                .options(io.github.adagrad4j.data.stream.ExampleStream.Options.of(format))
                .rule(new io.github.adagrad4j.optim.AdaGrad(0.1), Map.of()).output(dir).progress(false).build()
                .run(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        return dir;
    }

    /** A GRU text classifier; {@code hidden} sets how slow it is. */
    static Path gru(Path dir, int hidden, long seed) throws Exception {
        TokenHashing tokens = new TokenHashing(10, 200);
        SequenceClassifier n = new SequenceClassifier(tokens.buckets(), 16, Recurrent.Kind.GRU, hidden, 1, false, true,
                1, new SplittableRandom(seed));
        ModelFolder.write(dir, n, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.SEQUENCE_CLASSIFIER, List.of("ham", "spam"), Map.of("cell", "gru", "hidden",
                hidden, "layers", 1, "bidirectional", false, "embed", 16, "pooling", "mean", "outputs", 1),
                TrainedModel.tokenSequenceInput(tokens, 0.2, 42, 0)));
        return dir;
    }
}
