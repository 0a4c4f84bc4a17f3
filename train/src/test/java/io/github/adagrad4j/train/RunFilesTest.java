package io.github.adagrad4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every training path leaves in its folder besides the model: the chart and, if asked, the live report. */
class RunFilesTest {
    @TempDir
    Path dir;

    private static TrainingConfig.Builder digits(Path out) {
        return TrainingConfig.builder().data("digits").model("mlp:8").epochs(2).trainLimit(300).seed(1).output(out);
    }

    @Test
    void aDenseRunDrawsItsChartAndItsReportWithAdaGradsEffectiveRates() throws Exception {
        Path out = dir.resolve("dense");
        StringWriter text = new StringWriter();
        new Recipe(digits(out).optimizer("adagrad").report(true).build()).run(new PrintWriter(text, true));
        assertThat(out.resolve("chart.png")).exists();
        assertThat(Files.size(out.resolve("chart.png"))).isGreaterThan(1000);
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("Finished", "gradient global norm", "effective learning rate of")
                .doesNotContain("http-equiv=\"refresh\"");
        assertThat(ModelFolder.runFiles(digits(out).report(true).build())).endsWith("chart.png, report.html");
    }

    @Test
    void aReportForAnotherRuleSaysWhyItHasNoRatesAndASearchTrialDrawsNoChart() throws Exception {
        Path out = dir.resolve("adam");
        Recipe r = new Recipe(digits(out).optimizer("adam").report(true).build());
        r.run(new PrintWriter(new StringWriter()));
        assertThat(Files.readString(out.resolve("report.html"))).contains("this run uses adam");
        Path trial = dir.resolve("trial");
        Recipe t = new Recipe(digits(trial).optimizer("adam").build());
        t.chart = false;
        t.run(new PrintWriter(new StringWriter()));
        assertThat(trial.resolve("model.json")).exists();
        assertThat(trial.resolve("chart.png")).doesNotExist();
        assertThat(trial.resolve("report.html")).doesNotExist();
    }
}
