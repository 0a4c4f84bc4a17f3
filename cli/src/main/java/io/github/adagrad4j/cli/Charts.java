package io.github.adagrad4j.cli;

import io.github.adagrad4j.nn.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Writes training curves as PNG with XChart (headless): loss on the left, the other figures on the right. */
final class Charts {
    private Charts() {
    }

    static void write(History history, String title, Path png) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (Map<String, Double> e : history.epochs()) {
            keys.addAll(e.keySet());
        }
        keys.remove("lr");
        List<String> losses = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (String k : keys) {
            (k.endsWith("loss") ? losses : metrics).add(k);
        }
        XYChart lossChart = chart(history, title + ": loss", losses);
        XYChart metricChart = chart(history, title + ": metrics", metrics);
        List<XYChart> charts = metrics.isEmpty() ? List.of(lossChart) : List.of(lossChart, metricChart);
        BitmapEncoder.saveBitmap(charts, 1, charts.size(), png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(History history, String title, List<String> keys) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").build();
        int n = history.epochs().size();
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        for (String k : keys) {
            c.addSeries(k, x, history.series(k));
        }
        return c;
    }
}
