package io.github.adagrad4j.train.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Training curves, confusion matrices and predicted-against-actual plots as PNG, drawn with XChart
 * (headless), written atomically.
 *
 * <pre>{@code
 * Map<String, double[]> series = Map.of("loss", new double[] {0.9, 0.5, 0.3});
 * Charts.write(series, "digits / adagrad", Path.of("runs/digits/chart.png"));
 * }</pre>
 */
public final class Charts {
    private Charts() {
    }

    /**
     * Draws and encodes a chart like the one {@link #write} makes, into nothing, on a daemon
     * thread: loading XChart, Java2D's fonts and the PNG encoder, and compiling their loops, take
     * about half a second the first time, better spent on the other core while the data loads
     * than after training.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            double[] three = {1, 0.5, 0.25};
            Map<String, double[]> series = new LinkedHashMap<>();
            for (String k : List.of("loss", "accuracy", "val_loss", "val_accuracy")) {
                series.put(k, three);
            }
            try {
                render(series, "warm-up", OutputStream.nullOutputStream());
            } catch (IOException | RuntimeException | LinkageError e) {
                // Nothing to do: the real chart, written later, reports what is wrong.
            }
        }, "adagrad4j-chart-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The curves of a run, one value per epoch: the losses (keys ending in {@code loss}) on the
     * left chart, the other figures on the right one.
     */
    public static void write(Map<String, double[]> series, String title, Path png) throws IOException {
        io.github.adagrad4j.optim.io.AtomicFile.write(png, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                render(series, title, out);
            }
        });
    }

    /** Losses on the left chart, the other figures on the right one, as one PNG. */
    private static void render(Map<String, double[]> series, String title, OutputStream out) throws IOException {
        List<String> losses = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (String k : series.keySet()) {
            (k.endsWith("loss") ? losses : metrics).add(k);
        }
        XYChart lossChart = chart(series, title + ": loss", losses);
        XYChart metricChart = chart(series, title + ": metrics", metrics);
        List<XYChart> charts = metrics.isEmpty() ? List.of(lossChart) : List.of(lossChart, metricChart);
        BufferedImage image = new BufferedImage(640 * charts.size(), 420, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), 640 * i, 0, null);
        }
        g.dispose();
        encode(image, out);
    }

    /** A PNG written atomically: a temporary file beside it, renamed. */
    public static void writePng(BufferedImage image, Path png) throws IOException {
        io.github.adagrad4j.optim.io.AtomicFile.write(png, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                encode(image, out);
            }
        });
    }

    /**
     * A confusion matrix as a grid: rows the true class, columns the predicted one, each cell
     * shaded by its share of the row (recall on the diagonal) and labelled with its count.
     */
    public static void confusion(long[][] m, List<String> classes, String title, Path png) throws IOException {
        int k = classes.size();
        int cell = Math.max(28, Math.min(80, 640 / k));
        int left = 150;
        int top = 70;
        int width = left + k * cell + 30;
        int height = top + k * cell + 60;
        BufferedImage image = new BufferedImage(Math.max(width, 420), height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), height);
        g.setColor(java.awt.Color.BLACK);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 14));
        g.drawString(title, 10, 22);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        g.drawString("rows: true class, columns: predicted class", 10, 42);
        for (int r = 0; r < k; r++) {
            long rowSum = 0;
            for (long v : m[r]) {
                rowSum += v;
            }
            for (int c = 0; c < k; c++) {
                double share = rowSum == 0 ? 0 : (double) m[r][c] / rowSum;
                int shade = (int) Math.round(255 * (1 - share));
                g.setColor(r == c ? new java.awt.Color(shade, 255 - (255 - shade) / 3, shade)
                        : new java.awt.Color(255, shade, shade));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(java.awt.Color.GRAY);
                g.drawRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(share > 0.6 ? java.awt.Color.WHITE : java.awt.Color.BLACK);
                String count = Long.toString(m[r][c]);
                int tw = g.getFontMetrics().stringWidth(count);
                g.drawString(count, left + c * cell + (cell - tw) / 2, top + r * cell + cell / 2 + 5);
            }
            g.setColor(java.awt.Color.BLACK);
            g.drawString(shorten(classes.get(r), 20), 10, top + r * cell + cell / 2 + 5);
        }
        for (int c = 0; c < k; c++) {
            String name = shorten(classes.get(c), Math.max(3, cell / 8));
            g.drawString(name, left + c * cell + 3, top + k * cell + 18);
        }
        g.dispose();
        writePng(image, png);
    }

    /** Predicted against actual values (up to 5000 points, evenly sampled), with the line of perfect predictions. */
    public static void residuals(float[] predicted, float[] actual, String title, Path png) throws IOException {
        int n = predicted.length;
        int step = Math.max(1, n / 5000);
        int m = (n + step - 1) / step;
        double[] x = new double[m];
        double[] y = new double[m];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0, j = 0; i < n; i += step, j++) {
            x[j] = actual[i];
            y[j] = predicted[i];
            lo = Math.min(lo, Math.min(x[j], y[j]));
            hi = Math.max(hi, Math.max(x[j], y[j]));
        }
        XYChart c = new XYChartBuilder().width(640).height(520).title(title).xAxisTitle("actual")
                .yAxisTitle("predicted").build();
        c.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(4);
        c.addSeries("rows", x, y);
        if (m > 0) {
            c.addSeries("predicted = actual", new double[] {lo, hi}, new double[] {lo, hi})
                    .setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Line)
                    .setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
        }
        writePng(BitmapEncoder.getBufferedImage(c), png);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "~";
    }

    private static void encode(BufferedImage image, OutputStream out) throws IOException {
        // The fastest deflate level: ImageIO's default, the slowest, took 0.2 s of a 3 s training run
        // for a file only a quarter smaller.
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam fast = writer.getDefaultWriteParam();
        fast.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        fast.setCompressionQuality(0.85f);   // deflate level 1 (9 * (1 - quality), rounded down)
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), fast);
        } finally {
            writer.dispose();
        }
    }

    private static XYChart chart(Map<String, double[]> series, String title, List<String> keys) {
        XYChart c = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("epoch").build();
        for (String k : keys) {
            double[] y = series.get(k);
            double[] x = new double[y.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            c.addSeries(k, x, y);
        }
        return c;
    }
}
