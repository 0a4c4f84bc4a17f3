package io.github.adagrad4j.bench;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.train.Loss;
import io.github.adagrad4j.train.Metric;
import io.github.adagrad4j.train.Trainer;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays a PyTorch training run written by {@code tools/parity/mlp_trajectory.py}: same initial
 * weights, same batches, AdaGrad(0.05). Prints our loss beside torch's for the first steps and the
 * test accuracy per epoch: identical starts show that any accuracy gap between the two libraries is
 * the chaos of training, not a different algorithm.
 *
 * <pre>
 * (cd /tmp/run &amp;&amp; /usr/bin/python3 tools/parity/mlp_trajectory.py 1 3)
 * java -cp bench/target/adagrad4j-bench.jar io.github.adagrad4j.bench.MlpTrajectory /tmp/run 3
 * </pre>
 */
public final class MlpTrajectory {
    private MlpTrajectory() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        Dataset.Split data = Builtin.fashionMnist();
        Module model = Models.parse("mlp:256,128", new int[] {28, 28}, 10, 0);
        ByteBuffer init = le(dir.resolve("init.bin"));
        for (Parameter p : model.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] = init.getFloat();
            }
        }
        ByteBuffer perm = le(dir.resolve("perm.bin"));
        ByteBuffer torchLoss = le(dir.resolve("loss.bin"));
        Optimizer opt = new AdaGrad(0.05).on(model.parameters(), OptimizerOptions.builder().threads(1).build());
        Trainer evaluator = new Trainer(model, Loss.CROSS_ENTROPY, opt);
        Dataset train = data.train();
        int step = 0;
        for (int e = 1; e <= epochs; e++) {
            model.train(true);
            for (int from = 0; from < train.count(); from += 100) {
                float[] x = new float[100 * 784];
                float[] y = new float[100];
                for (int k = 0; k < 100; k++) {
                    int row = perm.getInt();
                    System.arraycopy(train.features(), row * 784, x, k * 784, 784);
                    y[k] = train.targets()[row];
                }
                opt.zeroGrad();
                Tensor loss = Loss.CROSS_ENTROPY.of(model.forward(Tensor.of(x, 100, 28, 28)), y, 1);
                loss.backward();
                opt.step();
                if (step < 8 && (step + 1) * 4 <= torchLoss.limit()) {
                    System.out.printf("step %d  loss ours %.6f  torch %.6f%n", step, loss.item(), torchLoss.getFloat(step * 4));
                }
                step++;
            }
            System.out.printf("epoch %d  test accuracy ours %.4f%n", e,
                    evaluator.evaluate(data.test(), List.of(Metric.ACCURACY)).get("accuracy"));
        }
        System.exit(0);
    }

    private static ByteBuffer le(Path p) throws java.io.IOException {
        return ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
