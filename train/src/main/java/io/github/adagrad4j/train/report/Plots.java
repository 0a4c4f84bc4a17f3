package io.github.adagrad4j.train.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Several runs on one picture: curves (a series per run) and scatters (a group per colour), in
 * the same colours in every picture of a report.
 *
 * <pre>{@code
 * BufferedImage img = Plots.curves("training loss", "epoch", "loss",
 *         Map.of("adagrad", new double[][] {{1, 2, 3}, {0.9, 0.5, 0.3}}), true);
 * Plots.png(img, Path.of("runs/compare/loss.png"));
 * }</pre>
 */
public final class Plots {
    /** Colours of the runs, in order; the same in every picture of a report. */
    private static final List<Color> PALETTE = List.of(new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c),
        new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0x7f7f7f), new Color(0xbcbd22));

    private Plots() {
    }

    /**
     * Several runs' series on one chart (x values per run), the legend beside it. A log y axis is
     * used when asked for and the values span more than 20x (below that it would show no ticks).
     */
    public static BufferedImage curves(String title, String xTitle, String yTitle, Map<String, double[][]> runs, boolean logY) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int points = 0;
        for (double[][] r : runs.values()) {
            for (double v : r[1]) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            points = Math.max(points, r[0].length);
        }
        boolean log = logY && hi / lo > 20;
        XYChart c = new XYChartBuilder().width(820).height(420).title(title).xAxisTitle(xTitle)
                .yAxisTitle(log ? yTitle + " (log)" : yTitle).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(points > 60 ? 0 : 4);
        c.getStyler().setYAxisLogarithmic(log);
        int i = 0;
        for (Map.Entry<String, double[][]> e : runs.entrySet()) {
            double[] x = e.getValue()[0];
            double[] y = e.getValue()[1];
            if (log) {
                y = y.clone();
                for (int k = 0; k < y.length; k++) {
                    y[k] = Math.max(y[k], 1e-12);
                }
            }
            if (x.length > 0) {
                org.knowm.xchart.XYSeries series = c.addSeries(e.getKey(), x, y);
                series.setLineColor(color(i));
                series.setMarkerColor(color(i));
            }
            i++;
        }
        return BitmapEncoder.getBufferedImage(c);
    }

    /** Points of a few groups (e.g. complete and pruned trials), optionally on a log x axis. */
    public static BufferedImage scatter(String title, String xTitle, String yTitle, Map<String, double[][]> groups,
            boolean logX) {
        XYChart c = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setMarkerSize(8);
        c.getStyler().setXAxisLogarithmic(logX);
        int i = 0;
        for (Map.Entry<String, double[][]> e : groups.entrySet()) {
            org.knowm.xchart.XYSeries series = c.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            series.setMarkerColor(color(i++));
        }
        return BitmapEncoder.getBufferedImage(c);
    }

    /** Writes a picture as PNG, atomically. */
    public static void png(BufferedImage image, Path file) throws IOException {
        Charts.writePng(image, file);
    }

    /** The colour of the {@code i}-th run. */
    public static Color color(int i) {
        return PALETTE.get(i % PALETTE.size());
    }

    /**
     * A figure for a table or a title: four significant digits without trailing zeros between
     * 1e-3 and 1e5, scientific notation outside.
     */
    public static String number(double v) {
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5)) {
            return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }
}
