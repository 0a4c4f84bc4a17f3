package io.github.adagrad4j.optim.io;

import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.ParamState;
import io.github.adagrad4j.optim.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and restores an {@link Optimizer}'s parameters and complete state (every slot, every
 * step count) as one safetensors file, so that training resumes bit for bit.
 *
 * <p>Layout: each parameter under its own name (so {@code safetensors.torch.load_file} gives a
 * model state dict), each state slot under {@code state/<parameter>/<slot>}; the metadata holds
 * the format version, the rule's name and hyperparameters, the step counts and a CRC32C of the
 * data. Writes are atomic (see {@link SafeTensors}).
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("run/ckpt.safetensors"), opt);
 * // later, in a fresh process, with the same model and rule:
 * Checkpoint.load(Path.of("run/ckpt.safetensors"), opt);
 * }</pre>
 */
public final class Checkpoint {
    /** Value of the {@code format} metadata key. */
    public static final String FORMAT = "adagrad4j-checkpoint/1";
    private static final String STATE_PREFIX = "state/";

    private Checkpoint() {
    }

    /** Writes parameters and optimizer state to {@code path}, atomically replacing any previous file. */
    public static void save(Path path, Optimizer optimizer) throws IOException {
        save(path, optimizer, Map.of());
    }

    /**
     * As {@link #save(Path, Optimizer)}, with extra string metadata (a training loop's epoch, say),
     * read back with {@link #metadata(Path)}. Keys of the checkpoint itself cannot be overridden.
     */
    public static void save(Path path, Optimizer optimizer, Map<String, String> extraMetadata) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        Map<String, Object> steps = new LinkedHashMap<>();
        for (Parameter p : optimizer.parameters()) {
            tensors.put(p.name(), new SafeTensors.Tensor(p.shape(), p.data()));
        }
        for (Parameter p : optimizer.parameters()) {
            ParamState st = optimizer.state(p.name());
            for (String slot : st.slotNames()) {
                tensors.put(STATE_PREFIX + p.name() + "/" + slot, new SafeTensors.Tensor(p.shape(), st.slot(slot)));
            }
            steps.put(p.name(), st.step());
        }
        Map<String, String> meta = new LinkedHashMap<>(extraMetadata);
        meta.put("format", FORMAT);
        meta.put("optimizer", optimizer.rule().name());
        meta.put("hyperparameters", Json.write(optimizer.rule().hyperparameters()));
        meta.put("slots", Json.write(optimizer.rule().slotNames()));
        meta.put("step_count", Long.toString(optimizer.stepCount()));
        meta.put("steps", Json.write(steps));
        meta.put("lr_factor", Double.toString(optimizer.lrFactor()));
        SafeTensors.write(path, tensors, meta);
    }

    /** The metadata of a checkpoint (checked whole: structure and checksum). */
    public static Map<String, String> metadata(Path path) throws IOException {
        return SafeTensors.read(path).metadata();
    }

    /**
     * Restores parameters and state saved by {@link #save}. The file is checked whole before
     * anything is copied: on any error the optimizer and its parameters are unchanged.
     *
     * @throws CheckpointException if the file is missing, truncated, corrupted, not an adagrad4j
     *     checkpoint, or was saved for another rule, other parameter names or other shapes
     */
    public static void load(Path path, Optimizer optimizer) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(path);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new CheckpointException(path, "not an adagrad4j checkpoint: metadata 'format' is "
                    + meta.get("format") + ", expected " + FORMAT);
        }
        String rule = optimizer.rule().name();
        if (!rule.equals(meta.get("optimizer"))) {
            throw new CheckpointException(path, "holds state of optimizer '" + meta.get("optimizer")
                    + "' but it is being loaded into '" + rule + "'");
        }
        Map<String, SafeTensors.Tensor> tensors = c.tensors();
        Map<String, Long> steps = longs(path, meta.get("steps"));
        long stepCount = parseLong(path, "step_count", meta.get("step_count"));
        double lrFactor = meta.containsKey("lr_factor") ? parseFactor(path, meta.get("lr_factor")) : 1.0;
        List<Parameter> params = optimizer.parameters();
        int expectedTensors = 0;
        for (Parameter p : params) {
            check(path, "parameter '" + p.name() + "'", tensors.get(p.name()), p.shape());
            List<String> slots = optimizer.state(p.name()).slotNames();
            for (String slot : slots) {
                check(path, "state slot '" + slot + "' of parameter '" + p.name() + "'",
                        tensors.get(STATE_PREFIX + p.name() + "/" + slot), p.shape());
            }
            if (!steps.containsKey(p.name())) {
                throw new CheckpointException(path, "has no step count for parameter '" + p.name() + "'");
            }
            expectedTensors += 1 + slots.size();
        }
        if (tensors.size() != expectedTensors) {
            for (String name : tensors.keySet()) {
                String param = name.startsWith(STATE_PREFIX) ? name.substring(STATE_PREFIX.length(),
                        name.lastIndexOf('/')) : name;
                if (params.stream().noneMatch(p -> p.name().equals(param))) {
                    throw new CheckpointException(path, "holds tensor '" + name + "' for parameter '" + param
                            + "', which this optimizer does not have");
                }
            }
            throw new CheckpointException(path, "holds " + tensors.size() + " tensors, expected " + expectedTensors
                    + " (state slots differ from " + optimizer.rule().slotNames() + ")");
        }
        // Everything is verified: now copy.
        for (Parameter p : params) {
            copy(tensors.get(p.name()), p.data());
            ParamState st = optimizer.state(p.name());
            for (String slot : st.slotNames()) {
                copy(tensors.get(STATE_PREFIX + p.name() + "/" + slot), st.slot(slot));
            }
            st.setStep(steps.get(p.name()));
        }
        optimizer.setStepCount(stepCount);
        optimizer.setLrFactor(lrFactor);
    }

    private static double parseFactor(Path path, String value) throws CheckpointException {
        try {
            double v = Double.parseDouble(value);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CheckpointException(path, "metadata 'lr_factor' should be a positive number, found " + value);
    }

    private static void check(Path path, String what, SafeTensors.Tensor t, int[] shape) throws CheckpointException {
        if (t == null) {
            throw new CheckpointException(path, "has no tensor for " + what);
        }
        if (!Arrays.equals(t.shape(), shape)) {
            throw new CheckpointException(path, what + " has shape " + Arrays.toString(t.shape())
                    + " in the file but " + Arrays.toString(shape) + " in the optimizer");
        }
    }

    private static void copy(SafeTensors.Tensor from, float[] to) {
        System.arraycopy(from.data(), 0, to, 0, to.length);
    }

    private static Map<String, Long> longs(Path path, String json) throws CheckpointException {
        Object parsed;
        try {
            parsed = json == null ? null : Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path, "metadata 'steps' is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new CheckpointException(path, "metadata 'steps' is missing or not an object");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof Long v) || v < 0) {
                throw new CheckpointException(path, "metadata 'steps' has a bad count for '" + e.getKey() + "': "
                        + e.getValue());
            }
            out.put((String) e.getKey(), v);
        }
        return out;
    }

    private static long parseLong(Path path, String key, String value) throws CheckpointException {
        try {
            long v = Long.parseLong(value);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CheckpointException(path, "metadata '" + key + "' should be a count >= 0, found " + value);
    }
}
