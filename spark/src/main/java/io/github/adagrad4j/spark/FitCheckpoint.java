package io.github.adagrad4j.spark;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.io.Checkpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Spark fit's checkpoint in its {@code checkpointDir}: the weights and the optimizer state (which
 * live on the driver), the epochs done and the loss history, written atomically. A fit resumes from
 * it only if it is the same fit ({@link FitConfig#signature}): another fit's checkpoint is refused
 * by name rather than silently continued.
 *
 * <pre>{@code
 * FitCheckpoint ck = new FitCheckpoint(c.checkpointDir(), signature);
 * int done = ck.resume(optimizer, history);
 * ...
 * ck.save(optimizer, epoch, history);
 * }</pre>
 */
final class FitCheckpoint {
    static final String FILE = "checkpoint.safetensors";
    private static final System.Logger LOG = System.getLogger(FitCheckpoint.class.getName());

    private final String dir;
    private final String signature;

    /** A checkpoint in {@code dir} (empty: none is written or read) of the fit {@code signature}. */
    FitCheckpoint(String dir, String signature) {
        this.dir = dir;
        this.signature = signature;
    }

    private Path path() {
        return Path.of(dir).resolve(FILE);
    }

    /** Writes the optimizer's weights and state after {@code epochsDone} epochs with their losses. */
    void save(Optimizer opt, int epochsDone, List<Double> history) {
        if (dir.isEmpty()) {
            return;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", Integer.toString(epochsDone));
        meta.put("fit", signature);
        meta.put("loss_history", history.stream().map(Double::toHexString).collect(Collectors.joining(",")));
        try {
            Files.createDirectories(Path.of(dir));
            Checkpoint.save(path(), opt, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the checkpoint into {@code opt} and its losses into {@code history} when there is one;
     * returns the epochs it had done (0 without a checkpoint).
     *
     * @throws IllegalArgumentException if the checkpoint is of another fit
     */
    int resume(Optimizer opt, List<Double> history) {
        if (dir.isEmpty() || !Files.exists(path())) {
            return 0;
        }
        try {
            Map<String, String> meta = Checkpoint.metadata(path());
            if (!signature.equals(meta.get("fit"))) {
                throw new IllegalArgumentException("checkpointDir " + dir + " holds a checkpoint of another fit ("
                        + meta.get("fit") + "; this one is " + signature + "); give an empty or new directory");
            }
            Checkpoint.load(path(), opt);
            String h = meta.getOrDefault("loss_history", "");
            for (String v : h.isEmpty() ? new String[0] : h.split(",")) {
                history.add(Double.parseDouble(v));
            }
            int epoch = Integer.parseInt(meta.get("epoch"));
            LOG.log(System.Logger.Level.INFO, "resuming from " + path() + " after epoch " + epoch);
            return epoch;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resume from " + path() + ": " + e.getMessage(), e);
        }
    }
}
