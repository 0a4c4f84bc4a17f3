package io.github.adagrad4j.optim.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.adagrad4j.optim.AdaBound;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Adadelta;
import io.github.adagrad4j.optim.Adam;
import io.github.adagrad4j.optim.AdamW;
import io.github.adagrad4j.optim.Adamax;
import io.github.adagrad4j.optim.GradientClipping;
import io.github.adagrad4j.optim.Optimizer;
import io.github.adagrad4j.optim.OptimizerOptions;
import io.github.adagrad4j.optim.Parameter;
import io.github.adagrad4j.optim.RmsProp;
import io.github.adagrad4j.optim.Sgd;
import io.github.adagrad4j.optim.UpdateRule;
import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final OptimizerOptions OPTIONS = OptimizerOptions.builder()
            .schedule(LrSchedule.warmupCosine(3, 30, 1e-4, 0.1)).clipping(GradientClipping.globalNorm(5.0)).build();

    private static List<Parameter> params(long seed) {
        Random r = new Random(seed);
        List<Parameter> ps = new ArrayList<>();
        for (int[] shape : new int[][] {{30, 7}, {7}, {1}}) {
            Parameter p = Parameter.zeros(shape.length == 1 && shape[0] == 1 ? "scale" : "layer" + shape.length, shape);
            for (int i = 0; i < p.size(); i++) {
                p.data()[i] = (float) r.nextGaussian();
            }
            ps.add(p);
        }
        return ps;
    }

    /** Gradient of step {@code t}, the same whichever run asks for it. */
    private static void fillGrads(List<Parameter> ps, int t) {
        Random r = new Random(1000 + t);
        for (Parameter p : ps) {
            for (int i = 0; i < p.size(); i++) {
                p.grad()[i] = (float) r.nextGaussian() + 0.1f * p.data()[i];
            }
        }
    }

    private static void train(Optimizer opt, int fromStep, int toStep) {
        for (int t = fromStep; t < toStep; t++) {
            fillGrads(opt.parameters(), t);
            opt.step();
        }
    }

    private static List<Supplier<UpdateRule>> rules() {
        return List.of(() -> AdaGrad.builder().lr(0.05).lrDecay(0.01).initialAccumulator(0.1).build(),
                () -> Sgd.builder().lr(0.01).momentum(0.9).build(), () -> Adam.builder().amsgrad(true).build(),
                () -> new AdamW(0.01), () -> RmsProp.builder().centered(true).momentum(0.9).build(),
                () -> Adadelta.builder().build(), () -> Adamax.builder().build(), () -> AdaBound.builder().build(),
                () -> io.github.adagrad4j.optim.Ftrl.builder().l1(0.1).build(),
                () -> io.github.adagrad4j.optim.AdaGradRda.builder().l1(0.01).build(),
                () -> io.github.adagrad4j.optim.ProximalAdaGrad.builder().l1(0.01).build(),
                () -> io.github.adagrad4j.optim.SparseAdam.builder().build());
    }

    @TestFactory
    Stream<DynamicTest> tenStepsSaveLoadTenMoreEqualsTwentyStraightBitForBit() {
        return rules().stream().map(rule -> DynamicTest.dynamicTest(rule.get().name(), () -> {
            Optimizer straight = rule.get().on(params(1), OPTIONS);
            train(straight, 0, 20);

            Optimizer first = rule.get().on(params(1), OPTIONS);
            train(first, 0, 10);
            Path file = dir.resolve(rule.get().name() + ".safetensors");
            Checkpoint.save(file, first);

            Optimizer resumed = rule.get().on(params(99), OPTIONS); // fresh objects, other initial values
            Checkpoint.load(file, resumed);
            assertThat(resumed.stepCount()).isEqualTo(10);
            train(resumed, 10, 20);

            for (int k = 0; k < straight.parameters().size(); k++) {
                Parameter a = straight.parameters().get(k);
                Parameter b = resumed.parameters().get(k);
                assertThat(Arrays.equals(a.data(), b.data())).as(a.name() + " bit for bit").isTrue();
                for (String slot : straight.rule().slotNames()) {
                    assertThat(Arrays.equals(straight.state(a.name()).slot(slot), resumed.state(b.name()).slot(slot)))
                            .as(a.name() + "/" + slot).isTrue();
                }
                assertThat(resumed.state(b.name()).step()).isEqualTo(20);
            }
        }));
    }

    @Test
    void fileIsStandardSafetensors() throws IOException {
        Optimizer opt = new Adam(0.01).on(params(1), OPTIONS);
        train(opt, 0, 3);
        Path file = dir.resolve("adam.safetensors");
        Checkpoint.save(file, opt);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        JsonNode w = header.get("layer2");
        assertThat(w.get("dtype").asText()).isEqualTo("F32");
        assertThat(w.get("shape").toString()).isEqualTo("[30,7]");
        long begin = w.get("data_offsets").get(0).asLong();
        float first = ByteBuffer.wrap(bytes, (int) (8 + headerLength + begin), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        assertThat(first).isEqualTo(opt.parameters().get(0).data()[0]);
        assertThat(header.get("state/layer2/exp_avg").get("shape").toString()).isEqualTo("[30,7]");
        JsonNode meta = header.get("__metadata__");
        assertThat(meta.get("optimizer").asText()).isEqualTo("adam");
        assertThat(meta.get("step_count").asText()).isEqualTo("3");
        assertThat(meta.get("adagrad4j.crc32c").asText()).matches("[0-9a-f]{8}");
        assertThat(new ObjectMapper().readTree(meta.get("hyperparameters").asText()).get("lr").asDouble()).isEqualTo(0.01);
    }

    private Path saved(Optimizer opt) throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, opt);
        return file;
    }

    private static float[] flat(Optimizer opt) {
        List<Float> all = new ArrayList<>();
        for (Parameter p : opt.parameters()) {
            for (float v : p.data()) {
                all.add(v);
            }
            for (String s : opt.rule().slotNames()) {
                for (float v : opt.state(p.name()).slot(s)) {
                    all.add(v);
                }
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    private void assertLoadFailsAndChangesNothing(Path file, Optimizer target, String... messageParts) {
        float[] before = flat(target);
        long steps = target.stepCount();
        var thrown = assertThatThrownBy(() -> Checkpoint.load(file, target)).isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith(file.toString());
        for (String part : messageParts) {
            thrown.hasMessageContaining(part);
        }
        assertThat(Arrays.equals(flat(target), before)).as("optimizer unchanged").isTrue();
        assertThat(target.stepCount()).isEqualTo(steps);
    }

    @Test
    void truncatedFilesAreRejectedNamingTheFile() throws IOException {
        Optimizer opt = new AdaGrad(0.1).on(params(1), OPTIONS);
        train(opt, 0, 2);
        byte[] good = Files.readAllBytes(saved(opt));
        Path cut = dir.resolve("cut.safetensors");
        for (int length : new int[] {0, 5, 8, 40, good.length / 2, good.length - 1}) {
            Files.write(cut, Arrays.copyOf(good, length));
            assertLoadFailsAndChangesNothing(cut, new AdaGrad(0.1).on(params(2), OPTIONS), "truncated");
        }
    }

    @Test
    void corruptedDataFailsTheChecksum() throws IOException {
        Optimizer opt = new AdaGrad(0.1).on(params(1), OPTIONS);
        train(opt, 0, 2);
        Path file = saved(opt);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 100] ^= 0x10;
        Files.write(file, bytes);
        assertLoadFailsAndChangesNothing(file, new AdaGrad(0.1).on(params(2), OPTIONS), "checksum mismatch");
    }

    @Test
    void corruptedHeaderIsReported() throws IOException {
        Optimizer opt = new AdaGrad(0.1).on(params(1), OPTIONS);
        Path file = saved(opt);
        byte[] bytes = Files.readAllBytes(file);
        bytes[9] = '#';
        Files.write(file, bytes);
        assertLoadFailsAndChangesNothing(file, new AdaGrad(0.1).on(params(2), OPTIONS), "header is not valid JSON");
        Path text = dir.resolve("notes.safetensors");
        Files.writeString(text, "just some text that is not a checkpoint at all");
        assertLoadFailsAndChangesNothing(text, new AdaGrad(0.1).on(params(2), OPTIONS), "header length");
    }

    @Test
    void mismatchedOptimizerIsReported() throws IOException {
        Path file = saved(new AdaGrad(0.1).on(params(1), OPTIONS));
        assertLoadFailsAndChangesNothing(file, new Adam(0.1).on(params(2), OPTIONS),
                "optimizer 'adagrad'", "loaded into 'adam'");
        assertLoadFailsAndChangesNothing(file, new AdaGrad(0.1).on(List.of(Parameter.zeros("layer2", 7, 30),
                Parameter.zeros("layer1", 7), Parameter.zeros("scale", 1)), OPTIONS),
                "parameter 'layer2' has shape [30, 7] in the file but [7, 30] in the optimizer");
        assertLoadFailsAndChangesNothing(file, new AdaGrad(0.1).on(List.of(Parameter.zeros("other", 30, 7)), OPTIONS),
                "has no tensor for parameter 'other'");
        assertLoadFailsAndChangesNothing(file, new AdaGrad(0.1).on(params(2).subList(0, 2), OPTIONS),
                "tensor 'scale'", "which this optimizer does not have");
        assertLoadFailsAndChangesNothing(dir.resolve("missing.safetensors"), new AdaGrad(0.1).on(params(2), OPTIONS),
                "no such file");
    }

    @Test
    void failedWriteLeavesNoTemporaryFileAndKeepsTheOldCheckpoint() throws IOException {
        Optimizer opt = new AdaGrad(0.1).on(params(1), OPTIONS);
        Path target = dir.resolve("busy");
        Files.createDirectories(target.resolve("child")); // a non-empty directory cannot be replaced
        assertThatThrownBy(() -> Checkpoint.save(target, opt)).isInstanceOf(IOException.class);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("busy");
        }
    }
}
