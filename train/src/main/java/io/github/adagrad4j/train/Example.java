package io.github.adagrad4j.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A runnable example that is more than one training run (a comparison of rules, a sampled
 * language model...). Examples live in the {@code adagrad4j-examples} jar, which nothing depends on:
 * they are found on the class path through a {@link Catalog} registered with {@link ServiceLoader},
 * which is how {@code adagrad4j example NAME} runs them. Single-run examples are {@link Presets}.
 *
 * <pre>{@code
 * Example e = Example.installed().stream().filter(x -> x.name().equals("char-lm")).findFirst().orElseThrow();
 * e.run(Example.Settings.defaults(Path.of("runs/char-lm")), new PrintWriter(System.out, true));
 * }</pre>
 */
public interface Example {
    /** The name {@code adagrad4j example} takes. */
    String name();

    /** One line saying what it trains and compares. */
    String description();

    /** Runs it at full size, or smaller where {@code settings} say so. */
    void run(Settings settings, PrintWriter out) throws IOException;

    /**
     * Overrides of an example's own budget; a null field keeps the example's value.
     *
     * @param small run the reduced size meant for quick checks
     */
    record Settings(Integer epochs, boolean small, int seeds, Integer steps, Long seed, List<String> optimizers,
            Path output) {
        public static Settings defaults(Path output) {
            return new Settings(null, false, 5, null, null, null, output);
        }
    }

    /** A set of examples, registered in {@code META-INF/services/io.github.adagrad4j.train.Example$Catalog}. */
    interface Catalog {
        List<Example> examples();
    }

    /** The examples of every catalog on the class path (none when the examples jar is absent). */
    static List<Example> installed() {
        List<Example> all = new ArrayList<>();
        for (Catalog c : ServiceLoader.load(Catalog.class)) {
            all.addAll(c.examples());
        }
        return all;
    }
}
