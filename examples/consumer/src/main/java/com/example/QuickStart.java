package com.example;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.train.Callbacks;
import io.github.adagrad4j.train.FitOptions;
import io.github.adagrad4j.train.History;
import io.github.adagrad4j.train.Loss;
import io.github.adagrad4j.train.Metric;
import io.github.adagrad4j.train.ModelDescription;
import io.github.adagrad4j.train.ModelFolder;
import io.github.adagrad4j.train.TrainedModel;
import io.github.adagrad4j.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The README's Java quick start, line for line (between the markers), as a program. */
public final class QuickStart {
    public static void main(String[] args) throws Exception {
        // README quick start begins
        Dataset.Split digits = Builtin.digits().split(0.2, 42);          // 8x8 digits, scikit-learn's split
        Module net = Models.parse("mlp:64", new int[] {64}, 10, 42);     // 64 -> 64 ReLU -> 10
        Trainer trainer = new Trainer(net, Loss.CROSS_ENTROPY, new AdaGrad(0.05).on(net.parameters()));
        History history = trainer.fit(digits.train(), FitOptions.builder().epochs(20).batchSize(32)
                .metrics(Metric.ACCURACY).validationSplit(0.1)
                .callbacks(Callbacks.earlyStopping("val_loss", 3, 0, true)).build());
        Map<String, Double> test = trainer.evaluate(digits.test(), List.of(Metric.ACCURACY));
        System.out.println(history.epochs().size() + " epochs, test " + test);

        Path dir = Path.of("runs/java-digits");                          // a model folder, as train writes
        ModelFolder.write(dir, net, ModelDescription.network("mlp:64", net, new int[] {64},
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                TrainedModel.denseInput(64, null, null, "digits", 0.2, 42)));
        TrainedModel model = TrainedModel.load(dir);                      // what predict, evaluate, info read
        float[] first = Arrays.copyOf(digits.test().features(), 64);
        System.out.println("first test image: " + model.predict(first).label());
        // README quick start ends
        if (test.get("accuracy") < 0.9) {
            throw new AssertionError("the quick start should reach 90% test accuracy, got " + test);
        }
    }
}
