package io.github.adagrad4j.train;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.libsvm.LibSvmReader;
import io.github.adagrad4j.data.text.HashingVectorizer;
import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.TrainingListener;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.io.Checkpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A sparse-input training run, as {@code adagrad4j train --model sparse-linear} describes it: the
 * SpamAssassin texts hashed into {@code 2^hashBits} buckets (unigrams and bigrams), or a LIBSVM file
 * read as CSR; a scikit-learn-identical split; logistic or softmax regression on the sparse rows.
 *
 * <pre>{@code
 * SparseRecipe r = new SparseRecipe();
 * r.data = "spam"; r.rule = Ftrl.builder().alpha(100).l1(0.003).build(); r.output = Path.of("runs/spam");
 * r.run(out);
 * }</pre>
 */
public final class SparseRecipe {
    public String data;
    public UpdateRule rule;
    public int hashBits = 20;
    public int epochs = 5;
    public int batchSize = 32;
    public long seed = 42;
    public double testSplit = 0.2;
    /** Clipping, schedule, threads and non-finite policy of the optimizer. */
    public OptimizerOptions optimizerOptions = OptimizerOptions.builder().threads(1).build();
    public Path output;
    /** The command line that started the run, recorded in model.json (null: none). */
    public String commandLine;
    public TrainingListener listener = TrainingListener.NONE;

    /** Test accuracy and the weights left non-zero. */
    public record Result(double accuracy, long nonZeroWeights, long weights) {
    }

    public Result run(PrintWriter out) throws IOException {
        CsrMatrix x;
        float[] y;
        if (data.equals("spam")) {
            SpamAssassin.Corpus c = SpamAssassin.load(SpamAssassin.DEFAULT_DIR);
            x = HashingVectorizer.builder().bits(hashBits).ngrams(1, 2).build().transform(c.documents());
            y = c.labels();
        } else {
            String name = Path.of(data).getFileName().toString().toLowerCase();
            if (!(name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt"))) {
                throw new IllegalArgumentException("--model sparse-linear takes --data spam or a LIBSVM file (.svm, "
                        + ".libsvm, .txt), got '" + data + "'");
            }
            LibSvmReader.Sparse s = LibSvmReader.readCsr(Path.of(data), 0);
            x = s.features();
            y = s.labels();
        }
        float[] classes = ClassLabels.distinct(y);
        float[] labels = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = Arrays.binarySearch(classes, y[i]);
        }
        SklearnSplit.Indices split = SklearnSplit.indices(y.length, testSplit, seed);
        int[] testRows = split.test();
        int[] trainRows = split.train();
        SparseLinearModel model = new SparseLinearModel(x.numCols(), classes.length, rule, optimizerOptions);
        out.printf("data %s: %d train, %d test rows, %d features, %d classes; sparse-linear; %s%n", data,
                trainRows.length, testRows.length, x.numCols(), classes.length, rule);
        model.fit(x.selectRows(trainRows), pick(labels, trainRows), epochs, batchSize, seed, listener);
        double accuracy = model.accuracy(x.selectRows(testRows), pick(labels, testRows));
        if (output != null) {
            Files.createDirectories(output);
            Checkpoint.save(output.resolve("checkpoint.safetensors"), model.optimizer());
            List<String> names = new ArrayList<>();
            for (float c : classes) {
                names.add(ClassLabels.name(c));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", "sparse-linear");
            m.put("input_shape", new int[] {x.numCols()});
            m.put("outputs", classes.length == 2 ? 1 : classes.length);
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("optimizer", rule.toString());
            training.put("epochs", epochs);
            training.put("batch_size", batchSize);
            training.put("seed", seed);
            ModelDescription d = ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                    ModelDescription.Kind.SPARSE_LINEAR, names, m, data.equals("spam")
                            ? TrainedModel.hashedTextInput(hashBits, 1, 2, testSplit, seed)
                            : TrainedModel.libSvmInput(x.numCols()))
                    .withTraining(training).withMetrics(Map.of("accuracy", accuracy))
                    .withProvenance("data", Map.of("train", data, "train_rows", trainRows.length, "test_rows",
                            testRows.length))
                    .withProvenance("command", commandLine)
                    .withProvenance("created", java.time.Instant.now().toString());
            ModelFolder.write(output, model.layer(), d);
        }
        return new Result(accuracy, model.layer().nonZeroWeights(), model.layer().weight().size());
    }

    private static float[] pick(float[] v, int[] rows) {
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }
}
