package io.github.adagrad4j.train;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.ParamState;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.train.report.TensorBoard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A run's TensorBoard log, made by {@link Callbacks#tensorBoard}: per step the batch's loss and the
 * gradient's global norm ({@code step/loss}, {@code step/grad_norm}); per epoch every figure of the
 * epoch ({@code epoch/loss}, {@code epoch/val_accuracy}, {@code epoch/lr}, ...) and the
 * distributions of every parameter ({@code weights/NAME}) and of every optimizer state slot
 * ({@code state/NAME/SLOT}: AdaGrad's accumulator {@code sum}, Adam's moments...). Steps count
 * batches from the first epoch, so a resumed run continues the same curves.
 */
final class TensorBoardLog implements Callback {
    private final Path dir;
    private TensorBoard tb;

    TensorBoardLog(Path dir) {
        this.dir = dir;
    }

    @Override
    public void onTrainBegin(Trainer.Run run) throws IOException {
        tb = TensorBoard.open(dir);
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, float loss, Trainer.Run run) {
        long step = (long) (epoch - 1) * batches + batch;
        try {
            tb.scalar("step/loss", step, loss);
            tb.scalar("step/grad_norm", step, run.gradientNorm());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, Trainer.Run run) throws IOException {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            tb.scalar("epoch/" + e.getKey(), epoch, e.getValue());
        }
        Optimizer opt = run.optimizer();
        for (Parameter p : opt.parameters()) {
            tb.histogram("weights/" + p.name(), epoch, p.data());
            ParamState st = opt.state(p.name());
            for (String slot : opt.rule().slotNames()) {
                float[] values = st.slot(slot);
                if (values != null && values.length > 0) {
                    tb.histogram("state/" + p.name() + "/" + slot, epoch, values);
                }
            }
        }
        tb.flush();
    }

    @Override
    public void onTrainEnd(Trainer.Run run) throws IOException {
        tb.close();
    }
}
