package io.github.adagrad4j.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesTest {
    @Test
    void textOptionsBuildTheSameRuleAsTheBuilder() {
        assertThat(Rules.create("adagrad", Map.of("lr", "0.05", "initial-accumulator", "0.1", "lr-decay", "0.01"))
                .hyperparameters())
                .isEqualTo(AdaGrad.builder().lr(0.05).initialAccumulator(0.1).lrDecay(0.01).build().hyperparameters());
        assertThat(Rules.parse("adam:lr=3e-4,betas=0.9/0.98,amsgrad=true").hyperparameters())
                .isEqualTo(Adam.builder().lr(3e-4).betas(0.9, 0.98).amsgrad(true).build().hyperparameters());
        assertThat(Rules.parse("ftrl:lr=0.5,l1=0.001,beta=0.5").hyperparameters())
                .isEqualTo(Ftrl.builder().alpha(0.5).l1(0.001).beta(0.5).build().hyperparameters());
        assertThat(Rules.parse(" sgd ").hyperparameters()).isEqualTo(Sgd.builder().build().hyperparameters());
        assertThat(Rules.parse("adagrad-keras").hyperparameters()).isEqualTo(AdaGrad.keras().hyperparameters());
    }

    @Test
    void everyNamedRuleBuildsWithDefaultsAndListsItsOptions() {
        for (String name : Rules.NAMES) {
            assertThat(Rules.create(name, Map.of())).isNotNull();
            assertThat(Rules.options(name)).contains("lr");
        }
    }

    @Test
    void anOptionTheRuleDoesNotTakeIsNamedWithTheOnesItTakes() {
        assertThatThrownBy(() -> Rules.create("adagrad", Map.of("l1", "0.1", "momentum", "0.9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("option 'l1' does not apply to optimizer 'adagrad'")
                .hasMessageContaining("option 'momentum' does not apply")
                .hasMessageContaining("adagrad takes lr, weight-decay, maximize, eps, lr-decay");
        assertThatThrownBy(() -> Rules.parse("sgd:lrr=0.1")).hasMessageContaining("unknown optimizer option 'lrr'");
        assertThatThrownBy(() -> Rules.parse("lion")).hasMessageContaining("unknown optimizer 'lion'; expected one of adagrad");
    }

    @Test
    void malformedValuesNameTheOption() {
        assertThatThrownBy(() -> Rules.parse("sgd:lr=fast")).hasMessageContaining("option 'lr' takes a number, got 'fast'");
        assertThatThrownBy(() -> Rules.parse("sgd:nesterov=yes")).hasMessageContaining("'nesterov' takes true or false");
        assertThatThrownBy(() -> Rules.parse("adam:betas=0.9")).hasMessageContaining("'betas' takes two values");
        assertThatThrownBy(() -> Rules.parse("sgd:lr")).hasMessageContaining("expected KEY=VALUE, got 'lr'");
        assertThatThrownBy(() -> Rules.parse("sgd:lr=1,lr=2")).hasMessageContaining("'lr' given twice");
        assertThatThrownBy(() -> Rules.parse("sgd:lr=-1")).hasMessageContaining("lr must be > 0");
        assertThat(List.of(Rules.parse("sgd:lr=0.1,momentum=0.9,nesterov=true").hyperparameters().get("nesterov")))
                .containsExactly(true);
    }
}
