package io.github.adagrad4j.examples;

import io.github.adagrad4j.data.CsrMatrix;
import io.github.adagrad4j.data.SklearnSplit;
import io.github.adagrad4j.data.text.HashingVectorizer;
import io.github.adagrad4j.data.text.SpamAssassin;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.ops.Ops;
import io.github.adagrad4j.train.SparseLinearModel;
import io.github.adagrad4j.train.Trainer;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.UpdateRule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Spam filtering on the SpamAssassin corpus: unigrams and bigrams hashed into {@code 2^bits}
 * buckets (TF, L2-normalised rows), logistic regression on the sparse rows, trained with any rule;
 * each step costs the features of its batch, not the table. Split 80/20 as scikit-learn's
 * {@code train_test_split(random_state=seed)}.
 *
 * <pre>{@code
 * SpamFilter.Result r = SpamFilter.run(SpamAssassin.DEFAULT_DIR, Ftrl.builder().alpha(0.5).l1(1e-4).build(),
 *         5, 32, 20, 42, 0);
 * }</pre>
 */
public final class SpamFilter {
    private SpamFilter() {
    }

    /**
     * The README comparison: AdaGrad(0.5), FTRL-Proximal (alpha 100, beta 1, l1 0.003) and plain
     * SGD at three rates, 5 epochs of batch 32 on 2^20 buckets, then the embedding-bag classifier;
     * one line per run to {@code out}.
     */
    public static void compare(Path corpusDir, int limit, java.io.PrintWriter out) throws IOException {
        List<UpdateRule> rules = List.of(new io.github.adagrad4j.optim.AdaGrad(0.5),
                io.github.adagrad4j.optim.Ftrl.builder().alpha(100).beta(1).l1(0.003).build(),
                new io.github.adagrad4j.optim.Sgd(1), new io.github.adagrad4j.optim.Sgd(5),
                new io.github.adagrad4j.optim.Sgd(20));
        for (UpdateRule r : rules) {
            Result res = run(corpusDir, r, 5, 32, 20, 42, limit);
            out.printf("  %-50s test accuracy %.4f, non-zero weights %d of %d (%.1f%%)%n", r.toString(), res.accuracy(),
                    res.nonZeroWeights(), res.buckets(), 100.0 * res.nonZeroWeights() / res.buckets());
            out.flush();
        }
        double bag = embeddingBag(corpusDir, new io.github.adagrad4j.optim.AdaGrad(0.1), 32, 5, 32, 18, 42, limit);
        out.printf("  embedding bag (2^18 x 32, mean) + logistic unit, AdaGrad(0.1): test accuracy %.4f%n", bag);
    }

    /** Test accuracy and the model's non-zero weights out of {@code buckets}. */
    public record Result(double accuracy, long nonZeroWeights, int buckets, int trainDocs, int testDocs) {
    }

    /**
     * @param limit use only the first {@code limit} documents of a seeded shuffle (0: all), for quick runs
     */
    public static Result run(Path corpusDir, UpdateRule rule, int epochs, int batchSize, int bits, long seed, int limit)
            throws IOException {
        SpamAssassin.Corpus corpus = SpamAssassin.load(corpusDir);
        int n = corpus.documents().size();
        SklearnSplit.Indices split = SklearnSplit.indices(n, 0.2, seed, limit);
        List<String> trainDocs = new ArrayList<>();
        List<String> testDocs = new ArrayList<>();
        float[] trainY = new float[split.train().length];
        float[] testY = new float[split.test().length];
        for (int i = 0; i < testY.length; i++) {
            testDocs.add(corpus.documents().get(split.test()[i]));
            testY[i] = corpus.labels()[split.test()[i]];
        }
        for (int i = 0; i < trainY.length; i++) {
            trainDocs.add(corpus.documents().get(split.train()[i]));
            trainY[i] = corpus.labels()[split.train()[i]];
        }
        HashingVectorizer vectorizer = HashingVectorizer.builder().bits(bits).ngrams(1, 2).build();
        CsrMatrix train = vectorizer.transform(trainDocs);
        CsrMatrix test = vectorizer.transform(testDocs);

        SparseLinearModel model = new SparseLinearModel(vectorizer.buckets(), 2, rule, 1);
        model.fit(train, trainY, epochs, batchSize, seed, io.github.adagrad4j.train.TrainingListener.NONE);
        double accuracy = model.accuracy(test, testY);
        return new Result(accuracy, model.layer().nonZeroWeights(), vectorizer.buckets(), train.rows(), test.rows());
    }

    /**
     * The embedding-bag text classifier: each e-mail's hashed unigrams and bigrams ({@code 2^bits}
     * buckets) averaged in an {@code EmbeddingBag(mean)} of width {@code dim}, then one logistic
     * unit. The table's gradient is sparse (the batch's buckets), the output layer's dense; one
     * rule steps both. Returns the test accuracy.
     */
    public static double embeddingBag(Path corpusDir, UpdateRule rule, int dim, int epochs, int batchSize, int bits,
            long seed, int limit) throws IOException {
        SpamAssassin.Corpus corpus = SpamAssassin.load(corpusDir);
        int n = corpus.documents().size();
        SklearnSplit.Indices split = SklearnSplit.indices(n, 0.2, seed, limit);
        int testCount = split.test().length;
        int[] order = Arrays.copyOf(split.test(), testCount + split.train().length);
        System.arraycopy(split.train(), 0, order, testCount, split.train().length);
        int used = order.length;
        HashingVectorizer vectorizer = HashingVectorizer.builder().bits(bits).ngrams(1, 2).build();
        int[][] ids = new int[used][];
        float[] y = new float[used];
        for (int i = 0; i < used; i++) {
            ids[i] = vectorizer.bucketIds(corpus.documents().get(order[i]));
            y[i] = corpus.labels()[order[i]];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        io.github.adagrad4j.nn.layers.Embedding table = new io.github.adagrad4j.nn.layers.Embedding(
                vectorizer.buckets(), dim, 0.1, rng);
        io.github.adagrad4j.nn.layers.Dense head = new io.github.adagrad4j.nn.layers.Dense(dim, 1, rng);
        List<io.github.adagrad4j.optim.Parameter> params = new ArrayList<>();
        params.add(table.weight().withName("embedding"));
        params.add(head.weight().withName("head.weight"));
        params.add(head.bias().withName("head.bias"));
        Optimizer opt = rule.on(params, OptimizerOptions.builder().threads(1).build());
        int trainCount = used - testCount;
        Workspace space = new Workspace();   // each step reuses the previous step's arrays
        for (int e = 0; e < epochs; e++) {
            int[] perm = Trainer.permutation(trainCount, rng);
            for (int i = 0; i < trainCount; i++) {
                perm[i] += testCount;   // the training rows follow the test rows
            }
            for (int from = 0; from < trainCount; from += batchSize) {
                int size = Math.min(batchSize, trainCount - from);
                int[] docs = java.util.Arrays.copyOfRange(perm, from, from + size);
                float[] by = new float[size];
                for (int k = 0; k < size; k++) {
                    by[k] = y[docs[k]];
                }
                try (Workspace.Scope scope = space.enter()) {
                    opt.zeroGrad();
                    Tensor logits = head.forward(bag(table, ids, docs));
                    Ops.bceWithLogits(logits, Tensor.of(by, size, 1)).backward();
                    opt.step();
                }
            }
        }
        int[] testDocs = new int[testCount];
        for (int i = 0; i < testCount; i++) {
            testDocs[i] = i;
        }
        float[] scores = head.forward(bag(table, ids, testDocs)).data();
        int correct = 0;
        for (int i = 0; i < testCount; i++) {
            if ((scores[i] > 0 ? 1f : 0f) == y[i]) {
                correct++;
            }
        }
        return (double) correct / testCount;
    }

    private static Tensor bag(io.github.adagrad4j.nn.layers.Embedding table, int[][] ids, int[] docs) {
        int total = 0;
        for (int d : docs) {
            total += ids[d].length;
        }
        int[] flat = new int[total];
        int[] offsets = new int[docs.length];
        int k = 0;
        for (int i = 0; i < docs.length; i++) {
            offsets[i] = k;
            System.arraycopy(ids[docs[i]], 0, flat, k, ids[docs[i]].length);
            k += ids[docs[i]].length;
        }
        return table.bag(flat, offsets, true);
    }
}
