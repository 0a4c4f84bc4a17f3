package io.github.adagrad4j.data;

import io.github.adagrad4j.data.csv.CsvReader;
import io.github.adagrad4j.data.idx.IdxReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The data sets the CLI and examples know by name. The small ones ship inside this jar (copied from
 * Debian's {@code python3-sklearn}); Fashion-MNIST is read from where Debian's
 * {@code dataset-fashion-mnist} installs it, with a message saying how to install it when absent.
 *
 * <pre>{@code
 * Dataset digits = Builtin.digits();            // 1797 images 8x8, labels 0..9
 * Dataset.Split fm = Builtin.fashionMnist();    // 60000 train, 10000 test
 * }</pre>
 */
public final class Builtin {
    /** Where Debian's dataset-fashion-mnist puts the IDX files. */
    public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    private Builtin() {
    }

    /** Names accepted by {@link #load(String)}. */
    public static List<String> names() {
        return List.of("digits", "boston", "fashion-mnist");
    }

    /** scikit-learn's digits: 1797 images of 8x8 pixels (values 0..16), labels 0..9. */
    public static Dataset digits() throws IOException {
        return csvResource("digits.csv.gz", CsvReader.builder().header(false).labelColumn(-1).build());
    }

    /** The Boston housing data: 506 rows, 13 features, target MEDV (median value, k$). */
    public static Dataset boston() throws IOException {
        return csvResource("boston_house_prices.csv",
                CsvReader.builder().skipLines(1).header(true).labelColumn("MEDV").build());
    }

    /** Fashion-MNIST's official split, pixels scaled to [0, 1], example shape {28, 28}. */
    public static Dataset.Split fashionMnist() throws IOException {
        return fashionMnist(FASHION_MNIST_DIR);
    }

    public static Dataset.Split fashionMnist(Path dir) throws IOException {
        Path trainImages = dir.resolve("train-images-idx3-ubyte.gz");
        if (!Files.exists(trainImages)) {
            throw new NoSuchFileException(trainImages.toString(), null,
                    "Fashion-MNIST is not installed; install it with: apt-get update && apt-get install dataset-fashion-mnist");
        }
        // The test set is read on a second thread while this one reads the (six times larger) training set.
        CompletableFuture<Dataset> test = CompletableFuture.supplyAsync(() -> {
            try {
                return IdxReader.read(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Dataset train = IdxReader.read(trainImages, dir.resolve("train-labels-idx1-ubyte.gz"));
        try {
            return new Dataset.Split(train, test.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
    }

    /** A built-in single-table data set by name (fashion-mnist is a split: see {@link #fashionMnist()}). */
    public static Dataset load(String name) throws IOException {
        return switch (name) {
            case "digits" -> digits();
            case "boston" -> boston();
            default -> throw new IllegalArgumentException("unknown data set '" + name + "'; built-in: " + names());
        };
    }

    private static Dataset csvResource(String name, CsvReader reader) throws IOException {
        try (InputStream in = Builtin.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new NoSuchFileException(name, null, "built-in data missing from the adagrad4j-data jar");
            }
            return reader.read(in, name);
        }
    }
}
