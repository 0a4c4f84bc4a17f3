package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.optim.schedule.LrSchedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad hyperparameters, shapes and keys are rejected with a message naming value, range and finding. */
class ValidationTest {

    @Test
    void hyperparametersNameTheOptionTheRangeAndTheValue() {
        assertThatThrownBy(() -> AdaGrad.builder().lr(-0.01))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("lr must be > 0 and finite, got -0.01");
        assertThatThrownBy(() -> new AdaGrad(Double.NaN)).hasMessage("lr must be > 0 and finite, got NaN");
        assertThatThrownBy(() -> AdaGrad.builder().lrDecay(-1)).hasMessage("lrDecay must be >= 0 and finite, got -1.0");
        assertThatThrownBy(() -> AdaGrad.builder().initialAccumulator(Double.NaN))
                .hasMessage("initialAccumulator must be >= 0 and finite, got NaN");
        assertThatThrownBy(() -> AdaGrad.builder().eps(-1e-10)).hasMessageContaining("eps must be >= 0");
        assertThatThrownBy(() -> AdaGrad.builder().weightDecay(Double.POSITIVE_INFINITY))
                .hasMessageContaining("weightDecay must be >= 0 and finite, got Infinity");
        assertThatThrownBy(() -> Adam.builder().betas(0.9, 1.0)).hasMessage("beta2 must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> Adam.builder().betas(-0.1, 0.9)).hasMessage("beta1 must be in [0, 1), got -0.1");
        assertThatThrownBy(() -> Sgd.builder().momentum(0.9).dampening(0.1).nesterov(true).build())
                .hasMessageContaining("nesterov requires momentum > 0 and dampening = 0");
        assertThatThrownBy(() -> Sgd.builder().nesterov(true).build()).hasMessageContaining("momentum=0.0");
        assertThatThrownBy(() -> RmsProp.builder().alpha(1.5)).hasMessage("alpha must be in [0, 1), got 1.5");
        assertThatThrownBy(() -> Adadelta.builder().rho(-0.5)).hasMessage("rho must be in [0, 1], got -0.5");
        assertThatThrownBy(() -> AdaBound.builder().finalLr(0)).hasMessage("finalLr must be > 0 and finite, got 0.0");
        assertThatThrownBy(() -> AdaBound.builder().gamma(-1)).hasMessageContaining("gamma must be > 0");
        assertThatThrownBy(() -> Adamax.builder().eps(Double.NaN)).hasMessageContaining("eps must be >= 0");
        assertThatThrownBy(() -> Ftrl.builder().alpha(0)).hasMessage("alpha must be > 0 and finite, got 0.0");
        assertThatThrownBy(() -> Ftrl.builder().lrPower(0.5)).hasMessage("lrPower must be in [-1, 0], got 0.5");
        assertThatThrownBy(() -> Ftrl.builder().l1(-1)).hasMessage("l1 must be >= 0 and finite, got -1.0");
        assertThatThrownBy(() -> AdaGradRda.builder().l2(Double.NaN)).hasMessage("l2 must be >= 0 and finite, got NaN");
        assertThatThrownBy(() -> ProximalAdaGrad.builder().initialAccumulator(0).eps(0).build())
                .hasMessageContaining("initialAccumulator or eps must be > 0");
        assertThatThrownBy(() -> SparseAdam.builder().eps(0)).hasMessage("eps must be > 0 and finite, got 0.0");
    }

    @Test
    void executorOptionsAreChecked() {
        assertThatThrownBy(() -> OptimizerOptions.builder().threads(0)).hasMessage("threads must be >= 1, got 0");
        assertThatThrownBy(() -> GradientClipping.globalNorm(1.0, 3)).hasMessage("normType must be 1, 2 or infinity, got 3.0");
        assertThatThrownBy(() -> GradientClipping.globalNorm(-1)).hasMessage("maxNorm must be > 0 and finite, got -1.0");
        assertThatThrownBy(() -> GradientClipping.value(Double.NaN)).hasMessageContaining("clip value must be > 0");
        assertThatThrownBy(() -> LrSchedule.step(0, 0.5)).hasMessage("stepSize must be >= 1, got 0");
        assertThatThrownBy(() -> LrSchedule.multiStep(0.1, 5, 3)).hasMessageContaining("milestones must be increasing");
        assertThatThrownBy(() -> LrSchedule.warmupCosine(10, 5, 0, 0.1)).hasMessageContaining("totalSteps must be > warmupSteps");
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new Parameter("w", new float[6], 2, 4))
                .hasMessage("parameter 'w': shape [2, 4] holds 8 elements but data has 6");
        assertThatThrownBy(() -> new Parameter(" ", new float[1])).hasMessageContaining("non-blank");
        assertThatThrownBy(() -> new Parameter("w", new float[0], 0, 3)).hasMessageContaining("every dimension must be > 0");
        Parameter a = Parameter.zeros("w", 3);
        Parameter b = Parameter.zeros("w", 4);
        assertThatThrownBy(() -> new AdaGrad(0.1).on(List.of(a, b))).hasMessageContaining("'w' appears twice");
        assertThatThrownBy(() -> new AdaGrad(0.1).on(List.of())).hasMessageContaining("at least one parameter");
        Optimizer opt = new AdaGrad(0.1).on(List.of(a));
        assertThatThrownBy(() -> opt.state("nope")).hasMessageContaining("no parameter 'nope'").hasMessageContaining("[w]");
        assertThatThrownBy(() -> opt.state("w").slot("exp_avg")).hasMessageContaining("its slots are [sum]");
    }

    @Test
    void mapApiRejectsMissingKeysAndLengthMismatchesAndChangesNothing() {
        AdaGrad ada = new AdaGrad(0.1);
        float[] w = {1, 2, 3};
        float[] b = {0.5f};
        Map<String, float[]> params = new LinkedHashMap<>();
        params.put("w", w);
        params.put("b", b);
        assertThatThrownBy(() -> ada.update(params, Map.of("w", new float[] {1, 1, 1})))
                .hasMessage("grads has no entry for parameter 'b'; grads has keys [w]");
        assertThatThrownBy(() -> ada.update(params, Map.of("w", new float[] {1, 1}, "b", new float[] {1})))
                .hasMessage("grads['w'] has length 2 but params['w'] has length 3");
        assertThat(w).containsExactly(1, 2, 3);
        assertThat(b).containsExactly(0.5f);
        assertThat(ada.stateKeys()).isEmpty();

        ada.update(params, Map.of("w", new float[] {1, 1, 1}, "b", new float[] {1}));
        Map<String, float[]> resized = Map.of("w", new float[4]);
        assertThatThrownBy(() -> ada.update(resized, Map.of("w", new float[4])))
                .hasMessage("params['w'] has length 4 but its optimizer state was created for length 3");
        assertThatThrownBy(() -> ada.state("x")).hasMessageContaining("update() has seen [w, b]");
    }
}
