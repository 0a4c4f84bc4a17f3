package io.github.adagrad4j.cli;

import io.github.adagrad4j.nn.train.History;
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

/** Writes training curves as PNG with XChart (headless): loss on the left, the other figures on the right. */
final class Charts {
    private Charts() {
    }

    /**
     * Draws and encodes a chart like the one {@link #write} makes, into nothing, on a daemon
     * thread: loading XChart, Java2D's fonts and the PNG encoder, and compiling their loops, take
     * about half a second the first time, better spent on the other core while the data loads
     * than after training.
     */
    static void warmUpInBackground() {
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

    static void write(History history, String title, Path png) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (Map<String, Double> e : history.epochs()) {
            for (String k : e.keySet()) {
                if (!k.equals("lr")) {
                    series.computeIfAbsent(k, history::series);
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            render(series, title, out);
        }
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
