package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.adagrad4j.nn.Module;
import io.github.adagrad4j.nn.Tensor;
import io.github.adagrad4j.nn.layers.Models;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.io.Json;
import io.github.adagrad4j.optim.io.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our model files are PyTorch state dicts, both ways (files written by tools/parity/torch_mlp.py). */
class TorchStateDictTest {
    static final Path TORCH = Path.of("../nn/src/test/resources/torch/torch_mlp.safetensors");
    static final Path TORCH_IO = Path.of("../nn/src/test/resources/torch/torch_mlp_io.safetensors");

    @TempDir
    Path dir;

    @Test
    void namesAndShapesAreThoseOfTheSameTorchSequential() throws IOException {
        Module ours = Models.parse("mlp:16", new int[] {8}, 3, 1);
        Map<String, SafeTensors.Tensor> torch = SafeTensors.read(TORCH).tensors();
        assertThat(ours.parameters()).extracting(Parameter::name).containsExactlyElementsOf(torch.keySet());
        for (Parameter p : ours.parameters()) {
            assertThat(p.shape()).isEqualTo(torch.get(p.name()).shape());
        }
        // nn.Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d, Flatten, Linear, ReLU, Linear)
        assertThat(Models.parse("cnn", new int[] {28, 28}, 10, 1).parameters()).extracting(Parameter::name)
                .containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias");
        assertThat(Models.parse("mlp:32,16,dropout=0.2", new int[] {4}, 2, 1).parameters()).extracting(Parameter::name)
                .containsExactly("0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias");
    }

    @Test
    void torchWeightsGiveTorchOutputs() throws IOException {
        Module ours = Models.parse("mlp:16", new int[] {8}, 3, 1);
        ModelFolder.loadWeights(TORCH, ours);
        Map<String, SafeTensors.Tensor> io = SafeTensors.read(TORCH_IO).tensors();
        float[] y = forward(ours, io.get("inputs").data(), 6);
        float[] expected = io.get("logits").data();
        for (int i = 0; i < expected.length; i++) {
            assertThat(y[i]).isCloseTo(expected[i], within(1e-5f * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static float[] forward(Module m, float[] x, int n) {
        m.train(false);
        try (Tensor.NoGrad off = Tensor.noGrad()) {
            return m.forward(Tensor.of(x.clone(), n, x.length / n)).data().clone();
        }
    }

    @Test
    void weightsOfAnotherModelAreRefusedByName() throws IOException {
        Module wider = Models.parse("mlp:17", new int[] {8}, 3, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelFolder.loadWeights(TORCH, wider))
                .hasMessageContaining("tensor '0.weight' has shape [16, 8], the model needs [17, 8]");
        Module deeper = Models.parse("mlp:16,16", new int[] {8}, 3, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelFolder.loadWeights(TORCH, deeper))
                .hasMessageContaining("tensor '2.weight' has shape [3, 16], the model needs [16, 16]");
    }

    /** A PyTorch user's load_state_dict(strict=True) of our weights; runs where Debian's python3-torch is installed. */
    @Test
    void torchLoadsOurWeightsStrictlyAndComputesOurOutputs() throws Exception {
        assumeTrue(pythonWithTorch(), "/usr/bin/python3 with torch (python3-torch) is not installed");
        Module ours = Models.parse("mlp:16,8", new int[] {5}, 4, 11);
        Path folder = dir.resolve("m");
        ModelFolder.write(folder, ours, ModelDescription.of(ModelDescription.Task.CLASSIFICATION,
                ModelDescription.Kind.NETWORK, List.of("0", "1", "2", "3"), Map.of("spec", "mlp:16,8", "input_shape",
                new int[] {5}, "outputs", 4), TrainedModel.denseInput(5, null, null, "libsvm file", 0.2, 42)));
        float[] x = new float[3 * 5];
        StringBuilder csv = new StringBuilder("a,b,c,d,e\n");
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 1.7);
            csv.append(x[i]).append(i % 5 == 4 ? "\n" : ",");
        }
        Path inputs = dir.resolve("x.csv");
        Files.writeString(inputs, csv);
        Process p = new ProcessBuilder("/usr/bin/python3", "../tools/parity/torch_mlp.py", "check",
                folder.resolve(ModelFolder.WEIGHTS_FILE).toString(), "16,8", inputs.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        List<?> rows = (List<?>) Json.parse(text.strip());
        float[] y = forward(ours, x, 3);
        List<Double> theirs = new ArrayList<>();
        for (Object r : rows) {
            for (Object v : (List<?>) r) {
                theirs.add(((Number) v).doubleValue());
            }
        }
        assertThat(theirs).hasSize(12);
        for (int i = 0; i < 12; i++) {
            assertThat(theirs.get(i)).isCloseTo(y[i], within(1e-5));
        }
    }

    private static boolean pythonWithTorch() {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
