package io.github.adagrad4j.cli;

import io.github.adagrad4j.export.OnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adagrad4j export --model DIR --onnx FILE}: the model as ONNX ({@link OnnxExport}), written atomically. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export a model folder to ONNX, with its preprocessing inside: the exported model takes what "
                + "predict takes (one input per table column, or the feature vector) and gives label and "
                + "probabilities, for ONNX Runtime in any language.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A folder written by train --output.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The .onnx file to write.")
    Path onnx;

    @Override
    public Integer call() throws Exception {
        try {
            OnnxExport.write(model, onnx);
        } catch (java.nio.file.FileSystemException e) {
            if (e.getFile() != null && e.getFile().startsWith(model.toString())) {
                throw e;
            }
            // The JDK's message is often the path alone: say what could not be done, and why.
            throw new java.io.IOException("cannot write " + onnx + ": " + (e.getReason() != null ? e.getReason()
                    : e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                    .toLowerCase(java.util.Locale.ROOT)) + " (" + e.getFile() + ")", e);
        }
        spec.commandLine().getErr().printf("wrote %s (%,d bytes)%n", onnx, Files.size(onnx));
        return 0;
    }
}
