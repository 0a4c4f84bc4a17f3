package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.adagrad4j.data.text.CharVocabulary;
import io.github.adagrad4j.nn.ops.Recurrent;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training repeats bit for bit from one JVM to the next, whatever the JIT has compiled by then: a
 * few steps of an LSTM and a GRU language model in a fresh JVM that only interprets ({@code -Xint})
 * must end at the same weights as the same steps in a JVM whose kernels C2 has compiled (after a
 * warm-up of the same training). Vector API operations that compile to native routines (SVML's
 * exp/tanh) but run a Java fallback with other last bits before that break this; an in-JVM test
 * cannot see it, as the compiler tier moves during a run.
 */
class ReproducibilityTest {
    private static final String TEXT = "the quick brown fox jumps over the lazy dog; pack my box with five dozen "
            + "liquor jugs. how vexingly quick daft zebras jump! sphinx of black quartz, judge my vow. ";

    /** Trains both models a few steps (after {@code args[0]} warm-up runs) and prints their weights' checksums. */
    public static void main(String[] args) {
        int warmups = Integer.parseInt(args[0]);
        for (int w = 0; w < warmups; w++) {
            checksums();
        }
        System.out.println(checksums());
    }

    private static List<String> checksums() {
        String text = TEXT.repeat(8);
        CharVocabulary vocab = CharVocabulary.of(text);
        int[] tokens = vocab.encode(text);
        List<String> sums = new ArrayList<>();
        // Hidden 19: whole vectors and a scalar tail; two layers: the second one's input is a state.
        for (Recurrent.Kind cell : List.of(Recurrent.Kind.LSTM, Recurrent.Kind.GRU)) {
            CharLanguageModel lm = new CharLanguageModel(cell, vocab, 8, 19, 2, 7);
            lm.train(tokens, new AdaGrad(0.1), 1, 4, 12, 5, 4, null);
            long h = 17;
            for (Parameter p : lm.network().parameters()) {
                for (float v : p.data()) {
                    h = h * 31 + Float.floatToRawIntBits(v);
                }
            }
            sums.add(cell + ":" + Long.toHexString(h));
        }
        return sums;
    }

    private static String run(String... jvmAndArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.addAll(List.of(jvmAndArgs).subList(0, jvmAndArgs.length - 1));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ReproducibilityTest.class.getName());
        cmd.add(jvmAndArgs[jvmAndArgs.length - 1]);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void aColdInterpretedJvmAndAWarmCompiledOneTrainToTheSameBits() throws Exception {
        String cold = run("-Xint", "0");
        String warm = run("-XX:-BackgroundCompilation", "300");
        assertThat(cold).startsWith("[LSTM:").contains("GRU:");
        assertThat(warm).isEqualTo(cold);
    }
}
