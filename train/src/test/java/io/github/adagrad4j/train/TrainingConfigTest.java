package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.data.ParameterException;
import io.github.adagrad4j.optim.AdaGrad;
import io.github.adagrad4j.optim.GradientClipping;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one typed configuration: checked by field, written and read back as the train command's options. */
class TrainingConfigTest {
    private static TrainingConfig.Builder digits() {
        return TrainingConfig.builder().data("digits").model("mlp:16").optimizerOption("lr", "0.05").epochs(3);
    }

    @Test
    void badSettingsAreNamedByField() {
        assertThatThrownBy(() -> digits().epochs(0).build()).isInstanceOf(ParameterException.class)
                .hasMessage("epochs '0': must be >= 1");
        assertThatThrownBy(() -> digits().testSplit(1).build()).hasMessage("test split '1.0': must be in (0, 1)");
        assertThatThrownBy(() -> digits().optimizer("adagard").build()).hasMessageStartingWith("optimizer 'adagard': "
                + "unknown optimizer 'adagard'; expected one of");
        assertThatThrownBy(() -> digits().optimizerOption("momentum", "0.9").build())
                .hasMessageStartingWith("optimizer 'adagrad': ");
        assertThatThrownBy(() -> digits().schedule("cosine").build()).hasMessage("schedule 'cosine': its numbers are "
                + "missing or malformed");
        assertThatThrownBy(() -> digits().clipNorm(1.0).clipValue(1.0).build()).hasMessageContaining("not both");
        assertThatThrownBy(() -> digits().task("ranking").build()).hasMessage("task 'ranking': expected "
                + "classification, regression or lm");
        ParameterException p = org.assertj.core.api.Assertions.catchThrowableOfType(ParameterException.class,
                () -> digits().hashBits(31).build());
        assertThat(p.parameter()).isEqualTo("hashBits");
        assertThat(p.value()).isEqualTo("31");
    }

    @Test
    void theJsonHoldsWhatAppliesAndReadsBackToTheSameSettings() {
        TrainingConfig c = digits().schedule("cosine:100").clipNorm(2.0).categorical(java.util.List.of("a", "b"))
                .output(Path.of("runs/x")).build();
        Map<String, Object> json = c.toJson();
        assertThat(json).containsEntry("data", "digits").containsEntry("lr", "0.05").containsEntry("clip-norm", 2.0)
                .containsEntry("categorical", "a,b").containsEntry("schedule", "cosine:100")
                .doesNotContainKeys("seq-len", "validation-split", "train-limit", "max-categories", "missing");
        TrainingConfig back = TrainingConfig.fromJson(json);
        assertThat(back).isEqualTo(c);
        assertThat(back.rule()).hasToString(new AdaGrad(0.05).toString());
        assertThat(back.executorOptions(0, null).clipping()).isEqualTo(GradientClipping.globalNorm(2.0));
        assertThatThrownBy(() -> TrainingConfig.fromJson(Map.of("data", "digits", "epoks", 3)))
                .hasMessage("epoks '3': is not a training setting");
        assertThatThrownBy(() -> TrainingConfig.fromJson(Map.of("data", "digits", "epochs", "many")))
                .hasMessage("epochs 'many': expected a number");
    }

    @Test
    void foldsAndTheSplitSeedAreCheckedAndRoundTrip() {
        TrainingConfig c = digits().splitSeed(9L).folds(5, 2).build();
        TrainingConfig back = TrainingConfig.fromJson(c.toJson());
        assertThat(back).isEqualTo(c);
        assertThat(back.splitSeedOrSeed()).isEqualTo(9);
        assertThatThrownBy(() -> digits().folds(1, 0).build()).hasMessage("folds '1': must be 0 (no cross-validation) "
                + "or >= 2");
        assertThatThrownBy(() -> digits().folds(3, 3).build()).hasMessage("fold '3': must be in [0, 3)");
        assertThatThrownBy(() -> digits().folds(3, 0).validationSplit(0.1).build()).hasMessageStartingWith("folds '3': "
                + "the validation fold is the validation set");
        assertThatThrownBy(() -> new SparseRecipe(c.toBuilder().output(Path.of("x")).build()))
                .hasMessageStartingWith("folds '5': cross-validation folds apply to dense networks");
    }

    @Test
    void aRecipeIsBuiltFromTheConfigAndRecordsIt() {
        assertThatThrownBy(() -> new Recipe(digits().build())).hasMessage("output 'null': a run needs an output folder");
        TrainingConfig c = digits().seed(7).testSplit(0.3).output(Path.of("runs/x")).build();
        Recipe r = new Recipe(c);
        assertThat(r.config()).isSameAs(c);
        assertThat(r.rule()).hasToString(new AdaGrad(0.05).toString());
        assertThat(c.splitSeedOrSeed()).isEqualTo(7);
        assertThat(c.toBuilder().splitSeed(42L).build().splitSeedOrSeed()).isEqualTo(42);
        assertThat(new SparseRecipe(c).config()).isSameAs(c);
    }
}
