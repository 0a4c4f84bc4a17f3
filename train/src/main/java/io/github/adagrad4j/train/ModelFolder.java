package io.github.adagrad4j.train;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.io.AtomicFile;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model folder on disk, the one place that writes and reads it: {@code model.json} (a
 * {@link ModelDescription}) and {@code model.safetensors} (the weights under PyTorch's
 * {@code state_dict} names and layouts). Each file is written atomically (a temporary file renamed
 * into place); reading checks the format, every field, and that the weights fit the network.
 *
 * <pre>{@code
 * ModelFolder.write(dir, network, description);
 * ModelDescription d = ModelFolder.read(dir);          // what it is, without building it
 * TrainedModel m = TrainedModel.load(dir);             // built, for prediction
 * }</pre>
 */
public final class ModelFolder {
    public static final String DESCRIPTION_FILE = "model.json";
    public static final String WEIGHTS_FILE = "model.safetensors";

    /**
     * Refuses an output folder that holds another command's results (a model folder, a search),
     * so one command never mixes its files with another's: {@code dir} may be absent, empty, or
     * already hold {@code ownFile}, the file that marks it as {@code command}'s.
     *
     * @throws io.github.adagrad4j.data.ParameterException naming {@code output} otherwise
     */
    public static void claim(Path dir, String command, String ownFile) throws IOException {
        if (!Files.isDirectory(dir) || Files.exists(dir.resolve(ownFile))) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(p -> p.getFileName().toString()).sorted().limit(5).toList();
            if (!names.isEmpty()) {
                throw new io.github.adagrad4j.data.ParameterException("output", dir.toString(), "holds another "
                        + "command's results (" + String.join(", ", names) + "); " + command + " needs an empty or "
                        + "new folder");
            }
        }
    }

    /** The files a training run leaves in its output folder, as a line lists them. */
    public static String runFiles(TrainingConfig config) {
        return DESCRIPTION_FILE + ", " + WEIGHTS_FILE + ", checkpoint.safetensors, history.csv, chart.png"
                + (config.report() ? ", report.html" : "");
    }
    /** Largest model.json read: a description is kilobytes; anything this size is not one. */
    private static final long MAX_DESCRIPTION_BYTES = 64L << 20;

    private ModelFolder() {
    }

    /** Writes the weights of {@code network}, then the description. */
    public static void write(Path dir, Module network, ModelDescription description) throws IOException {
        Files.createDirectories(dir);
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        for (Parameter p : network.parameters()) {
            tensors.put(p.name(), new SafeTensors.Tensor(p.shape(), p.data()));
        }
        SafeTensors.write(dir.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        AtomicFile.writeString(dir.resolve(DESCRIPTION_FILE), Json.writePretty(description.toJson()));
    }

    /**
     * Reads a folder's description (format 1 or 2).
     *
     * @throws IOException naming the folder or file and the problem: no such folder, no model.json,
     *     a file that is not UTF-8 JSON, an unknown format, a missing or wrong field
     */
    public static ModelDescription read(Path dir) throws IOException {
        Path json = dir.resolve(DESCRIPTION_FILE);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such model folder");
        }
        if (!Files.exists(json)) {
            if (Files.isDirectory(dir.resolve("spark"))) {
                throw new NoSuchFileException(json.toString(), null, "this folder holds a Spark PipelineModel only "
                        + "(spark/, for PipelineModel.load): its input, texts hashed by Spark or a Parquet source, has "
                        + "no model description");
            }
            throw new NoSuchFileException(json.toString(), null, "not a model folder: " + DESCRIPTION_FILE
                    + " is missing (training writes it beside the weights)");
        }
        if (Files.size(json) > MAX_DESCRIPTION_BYTES) {
            throw new DataFormatException(json.toString(), "is " + Files.size(json) + " bytes, too large for a model "
                    + "description");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(json)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(json.toString(), "is not UTF-8 text: the file is corrupted");
        }
        Map<?, ?> d;
        try {
            if (!(Json.parse(text) instanceof Map<?, ?> m)) {
                throw new DataFormatException(json.toString(), "is not a JSON object");
            }
            d = m;
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(json.toString(), "is not valid JSON (" + e.getMessage() + ")");
        }
        try {
            return ModelDescription.fromJson(d);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(json.toString(), e.getMessage());
        }
    }

    /**
     * Fills a network's parameters from a safetensors state dict ({@code dir.resolve(WEIGHTS_FILE)},
     * or PyTorch's), which must have exactly its names and shapes.
     */
    public static void loadWeights(Path file, Module network) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "the model folder has no weights file");
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        List<Parameter> params = network.parameters();
        for (Parameter p : params) {
            SafeTensors.Tensor t = c.tensors().get(p.name());
            if (t == null) {
                throw new DataFormatException(file.toString(), "has no tensor '" + p.name() + "'; it holds "
                        + c.tensors().keySet() + " (the weights are not this model's)");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new DataFormatException(file.toString(), "tensor '" + p.name() + "' has shape "
                        + Arrays.toString(t.shape()) + ", the model needs " + Arrays.toString(p.shape()));
            }
        }
        if (c.tensors().size() != params.size()) {
            List<String> names = params.stream().map(Parameter::name).toList();
            List<String> extra = c.tensors().keySet().stream().filter(n -> !names.contains(n)).toList();
            throw new DataFormatException(file.toString(), "holds tensors the model does not have: " + extra);
        }
        for (Parameter p : params) {
            float[] src = c.tensors().get(p.name()).data();
            for (float v : src) {
                if (!Float.isFinite(v)) {
                    throw new DataFormatException(file.toString(), "tensor '" + p.name() + "' holds " + v
                            + ": the weights are corrupted");
                }
            }
            System.arraycopy(src, 0, p.data(), 0, src.length);
        }
    }
}
