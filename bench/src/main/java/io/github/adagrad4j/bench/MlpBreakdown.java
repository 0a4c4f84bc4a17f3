package io.github.adagrad4j.bench;

import io.github.adagrad4j.data.Builtin;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.Workspace;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.nn.ops.Blas;
import io.github.adagrad4j.train.Loss;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.NonFinitePolicy;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import java.util.SplittableRandom;

/**
 * Where a Fashion-MNIST MLP training step spends its time: the step of {@code Trainer.fit} (batch
 * gather, forward with loss, zeroGrad + backward, optimizer step, in a workspace) timed phase by
 * phase over many batches after a warm-up.
 *
 * <pre>
 * ADAGRAD4J_JAR=bench/target/adagrad4j-bench.jar ADAGRAD4J_MAIN=io.github.adagrad4j.bench.MlpBreakdown \
 *     bin/adagrad4j 256,128 1 [THROW|IGNORE]
 * </pre>
 * prints the mean microseconds per batch of each phase.
 */
public final class MlpBreakdown {
    private MlpBreakdown() {
    }

    public static void main(String[] args) throws Exception {
        String hidden = args[0];
        int threads = Integer.parseInt(args[1]);
        NonFinitePolicy policy = args.length > 2 ? NonFinitePolicy.valueOf(args[2]) : NonFinitePolicy.THROW;
        int batch = 100;
        Blas.setThreads(threads);
        Dataset train = Builtin.fashionMnist().train();
        Module model = Models.parse("mlp:" + hidden, train.exampleShape(), 10, 1);
        Optimizer opt = new AdaGrad(0.05).on(model.parameters(),
                OptimizerOptions.builder().threads(threads).nonFinite(policy).build());
        Workspace space = new Workspace();
        int per = train.exampleSize();
        SplittableRandom rng = new SplittableRandom(1);
        long[] phase = new long[4];
        int warm = 3000;
        int timed = 3000;
        for (int b = 0; b < warm + timed; b++) {
            try (Workspace.Scope scope = space.enter()) {
                long t0 = System.nanoTime();
                float[] x = Workspace.floats(batch * per);
                float[] y = Workspace.floats(batch);
                for (int i = 0; i < batch; i++) {
                    int row = rng.nextInt(train.count());
                    System.arraycopy(train.features(), row * per, x, i * per, per);
                    y[i] = train.targets()[row];
                }
                long t1 = System.nanoTime();
                Tensor loss = Loss.CROSS_ENTROPY.of(model.forward(Tensor.of(x, batch, 28, 28)), y, 1);
                long t2 = System.nanoTime();
                opt.zeroGrad();
                loss.backward();
                long t3 = System.nanoTime();
                opt.step();
                long t4 = System.nanoTime();
                if (b >= warm) {
                    phase[0] += t1 - t0;
                    phase[1] += t2 - t1;
                    phase[2] += t3 - t2;
                    phase[3] += t4 - t3;
                }
            }
        }
        long total = phase[0] + phase[1] + phase[2] + phase[3];
        System.out.printf("mlp:%s threads %d %s: gather %.0f  forward+loss %.0f  zeroGrad+backward %.0f  step %.0f"
                + "  total %.0f us per batch (%.0f examples/s)%n", hidden, threads, policy, phase[0] / 1e3 / timed,
                phase[1] / 1e3 / timed, phase[2] / 1e3 / timed, phase[3] / 1e3 / timed, total / 1e3 / timed,
                batch * timed / (total / 1e9));
        System.exit(0);
    }
}
