package io.github.adagrad4j.cli;

import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.train.ModelSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adagrad4j info --model DIR [--json]}: what a model folder holds, as {@link ModelSummary} sees it. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show what a model folder holds: layers with output shapes and parameter counts, inputs with "
                + "their types, categories and scaling, classes, metrics, the training configuration, the library "
                + "version and the files' SHA-256.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder (model.json + model.safetensors).")
    Path model;

    @Option(names = "--json", description = "Print the same as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelSummary s = ModelSummary.of(model);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.writePretty(s.toJson()) + "\n" : s.text());
        out.flush();
        return 0;
    }
}
