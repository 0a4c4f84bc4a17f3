package io.github.adagrad4j.cli;

import io.github.adagrad4j.data.ClassLabels;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.optim.io.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adagrad4j predict}: one CSV row of answers per input row, streamed (memory bounded by a
 * batch, not the file). The output file appears only when every row succeeded.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a model folder: one output row per input row (class and probabilities, or value).")
final class PredictCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A folder written by train --output.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Rows to predict: a CSV with the training columns (the label column may be absent), a LIBSVM "
                    + "file, or for a text model a text file or a folder of them.")
    String data;

    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the predictions (default: standard output).")
    Path output;

    @Option(names = "--id-column", paramLabel = "NAME", description = "An input column copied to each output row.")
    String idColumn;

    @Override
    public Integer call() throws Exception {
        TrainedModel m = load(model);
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        long rows;
        if (output == null) {
            write(m, out);
            return 0;
        }
        long[] written = {0};
        AtomicFile.write(output, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                written[0] = write(m, w);
            }
        });
        rows = written[0];
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getErr().printf("wrote %d predictions to %s (%.1f s, %.0f rows/s)%n", rows, output, seconds,
                rows / seconds);
        return 0;
    }

    private long write(TrainedModel m, Writer w) throws IOException {
        List<String> classes = m.classes();
        StringBuilder line = new StringBuilder(256);
        long[] count = {0};
        boolean[] headed = {false};
        m.score(data, false, idColumn, s -> {
            if (!headed[0]) {
                // Texts get their file names as ids, CSV rows the --id-column's cells.
                header(w, classes, s.ids() == null ? null : idColumn != null ? idColumn : "file");
                headed[0] = true;
            }
            int width = s.width();
            for (int i = 0; i < s.count(); i++) {
                line.setLength(0);
                if (s.ids() != null) {
                    line.append(csv(s.ids()[i])).append(',');
                }
                if (classes.isEmpty()) {
                    line.append(s.outputs()[i]);
                } else {
                    line.append(csv(classes.get(ClassLabels.argmax(s.outputs(), i * width, width))));
                    for (int k = 0; k < width; k++) {
                        line.append(',').append(s.outputs()[i * width + k]);
                    }
                }
                w.write(line.append('\n').toString());
            }
            count[0] += s.count();
        });
        if (!headed[0]) {
            header(w, classes, idColumn);
        }
        w.flush();
        return count[0];
    }

    private static void header(Writer w, List<String> classes, String id) throws IOException {
        StringBuilder line = new StringBuilder();
        if (id != null) {
            line.append(csv(id)).append(',');
        }
        line.append("predicted");
        for (String c : classes) {
            line.append(',').append(csv("p_" + c));
        }
        w.write(line.append('\n').toString());
    }

    /** RFC 4180 quoting where needed. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Loads a folder for predict and evaluate; a language model is pointed to {@code sample}. */
    static TrainedModel load(java.nio.file.Path dir) throws java.io.IOException {
        if (io.github.adagrad4j.train.ModelFolder.read(dir).kind() == io.github.adagrad4j.train.ModelDescription.Kind.CHAR_LM) {
            throw new IllegalArgumentException(dir + ": this is a language model: use adagrad4j sample --model " + dir);
        }
        return TrainedModel.load(dir);
    }
}
