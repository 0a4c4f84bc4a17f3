package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.adagrad4j.nn.ops.Recurrent;
import org.junit.jupiter.api.Test;

class RecurrentSpecTest {
    @Test
    void parsesCellDirectionsSizesAndOptions() {
        RecurrentSpec s = RecurrentSpec.parse("biGRU:64,max-len=600,pool=last,embed=16");
        assertThat(s.cell()).isEqualTo(Recurrent.Kind.GRU);
        assertThat(s.bidirectional()).isTrue();
        assertThat(s.hidden()).isEqualTo(64);
        assertThat(s.layers()).isEqualTo(1);
        assertThat(s.maxLenOr(10)).isEqualTo(600);
        assertThat(s.embedOr(32)).isEqualTo(16);
        assertThat(s.meanPooling()).isFalse();
        RecurrentSpec l = RecurrentSpec.parse("lstm:256x2");
        assertThat(l.cell()).isEqualTo(Recurrent.Kind.LSTM);
        assertThat(l.bidirectional()).isFalse();
        assertThat(l.layers()).isEqualTo(2);
        assertThat(l.embedOr(64)).isEqualTo(64);
        assertThat(l.maxLenOr(600)).isEqualTo(600);
        assertThat(l.meanPooling()).isTrue();
        assertThat(RecurrentSpec.parse("rnn:8").cellName()).isEqualTo("rnn");
        assertThat(RecurrentSpec.names("bilstm:8")).isTrue();
        assertThat(RecurrentSpec.names("mlp:8")).isFalse();
    }

    @Test
    void badSpecsSayWhatIsWrong() {
        assertThatThrownBy(() -> RecurrentSpec.parse("lstm")).hasMessageContaining("expected [bi]lstm|gru|rnn:HIDDEN");
        assertThatThrownBy(() -> RecurrentSpec.parse("lstm:8x0")).hasMessageContaining("layers must be a positive integer, got '0'");
        assertThatThrownBy(() -> RecurrentSpec.parse("gru:8,max-len=-3"))
                .hasMessageContaining("max-len must be a positive integer, got '-3'");
        assertThatThrownBy(() -> RecurrentSpec.parse("gru:8,depth=2")).hasMessageContaining("unknown option 'depth'");
    }
}
