package io.github.adagrad4j.cli;

import io.github.adagrad4j.train.Evaluation;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.report.Charts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adagrad4j evaluate}: a model folder's figures on labelled data, as a table and as JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a model folder on labelled data: accuracy, log-loss, ROC-AUC, per-class precision/recall/F1 "
                + "and the confusion matrix (classification); RMSE, MAE, R² (regression).")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A folder written by train --output.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE|NAME",
            description = "Labelled rows: a CSV with the training columns and label, a LIBSVM file, or the built-in data "
                    + "set the model was trained on (its held-out part: digits, boston, fashion-mnist, spam).")
    String data;

    @Option(names = "--output", paramLabel = "FILE", description = "The figures as JSON (default: MODEL/evaluation.json).")
    Path output;

    @Option(names = "--chart", description = "Also draw the confusion matrix (or predicted vs actual values) as PNG, "
            + "beside the JSON.")
    boolean chart;

    @Override
    public Integer call() throws Exception {
        TrainedModel m = PredictCommand.load(model);
        Evaluation ev = new Evaluation(m.classes());
        m.score(data, true, null, ev::add);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("model %s on %s%n", model, data);
        out.print(ev.table());
        Path file = output != null ? output : model.resolve("evaluation.json");
        ev.writeJson(file, model.toString(), data);
        String wrote = "wrote " + file;
        if (chart) {
            String base = file.getFileName().toString().replaceAll("\\.json$", "");
            // Beside the JSON, named as the user named the JSON (relative stays relative).
            String name = base + (ev.classification() ? "-confusion.png" : "-residuals.png");
            Path png = file.getParent() == null ? Path.of(name) : file.getParent().resolve(name);
            if (ev.classification()) {
                Charts.confusion(ev.confusionMatrix(), ev.classes(), "confusion: " + data, png);
            } else {
                float[][] r = ev.residuals();
                Charts.residuals(r[0], r[1], "predicted vs actual: " + data, png);
            }
            wrote += ", " + png;
        }
        out.println(wrote);
        return 0;
    }
}
