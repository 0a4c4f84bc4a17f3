package io.github.adagrad4j.train.compare;

import io.github.adagrad4j.train.report.Plots;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Optimizers' paths drawn over a 2-D test function's contours, in the report's run colours. */
final class TrajectoryPlot {
    private TrajectoryPlot() {
    }

    /**
     * The function as shaded bands of {@code log(1 + f - min)} with their borders drawn as contour
     * lines, every path on top (start: a ring, end: a dot), and a legend.
     */
    static BufferedImage draw(TestFunction f, List<Trajectory> paths, String title) {
        int w = 760;
        int h = 600;
        int left = 60;
        int top = 40;
        int pw = w - left - 20;
        int ph = h - top - 50;
        double[] win = f.window();
        double[][] level = new double[ph][pw];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double[][] v = new double[ph][pw];
        for (int r = 0; r < ph; r++) {
            double y = win[3] - (win[3] - win[2]) * (r + 0.5) / ph;
            for (int c = 0; c < pw; c++) {
                double x = win[0] + (win[1] - win[0]) * (c + 0.5) / pw;
                v[r][c] = f.value(x, y);
                min = Math.min(min, v[r][c]);
                max = Math.max(max, v[r][c]);
            }
        }
        double top2 = Math.log1p(max - min);
        for (int r = 0; r < ph; r++) {
            for (int c = 0; c < pw; c++) {
                level[r][c] = Math.log1p(v[r][c] - min) / top2;
            }
        }
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int bands = 24;
        for (int r = 0; r < ph; r++) {
            for (int c = 0; c < pw; c++) {
                int band = (int) Math.min(bands - 1, level[r][c] * bands);
                boolean edge = (c + 1 < pw && (int) Math.min(bands - 1, level[r][c + 1] * bands) != band)
                        || (r + 1 < ph && (int) Math.min(bands - 1, level[r + 1][c] * bands) != band);
                Color col = shade((band + 0.5) / bands);
                image.setRGB(left + c, top + r, edge ? col.darker().getRGB() : col.getRGB());
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, pw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int k = 0; k <= 4; k++) {
            double x = win[0] + (win[1] - win[0]) * k / 4;
            double y = win[2] + (win[3] - win[2]) * k / 4;
            g.drawString(num(x), left + pw * k / 4 - 10, top + ph + 16);
            g.drawString(num(y), 8, top + ph - ph * k / 4 + 4);
        }
        g.drawString("x", left + pw / 2, top + ph + 34);
        g.drawString("y", 30, top + ph / 2);
        java.awt.Shape clip = g.getClip();
        g.setClip(left, top, pw, ph);
        for (int i = 0; i < paths.size(); i++) {
            Trajectory t = paths.get(i);
            Color col = Plots.color(i);
            Path2D.Double line = new Path2D.Double();
            for (int s = 0; s < t.xs().length; s++) {
                double px = left + (t.xs()[s] - win[0]) / (win[1] - win[0]) * pw;
                double py = top + (win[3] - t.ys()[s]) / (win[3] - win[2]) * ph;
                px = Math.max(-1e4, Math.min(1e4, px));
                py = Math.max(-1e4, Math.min(1e4, py));
                if (s == 0) {
                    line.moveTo(px, py);
                } else {
                    line.lineTo(px, py);
                }
            }
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(line);
            g.setColor(col);
            g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(line);
            double ex = left + (t.xs()[t.steps()] - win[0]) / (win[1] - win[0]) * pw;
            double ey = top + (win[3] - t.ys()[t.steps()]) / (win[3] - win[2]) * ph;
            g.fillOval((int) ex - 5, (int) ey - 5, 10, 10);
        }
        if (!paths.isEmpty()) {
            double sx = left + (paths.get(0).xs()[0] - win[0]) / (win[1] - win[0]) * pw;
            double sy = top + (win[3] - paths.get(0).ys()[0]) / (win[3] - win[2]) * ph;
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(2f));
            g.drawOval((int) sx - 7, (int) sy - 7, 14, 14);
        }
        g.setClip(clip);
        // Legend, top right inside the plot.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int lw = 10 + paths.stream().mapToInt(t -> g.getFontMetrics().stringWidth(label(t))).max().orElse(0) + 30;
        int lx = left + pw - lw - 8;
        int ly = top + 8;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(lx, ly, lw, 8 + 18 * paths.size());
        for (int i = 0; i < paths.size(); i++) {
            g.setColor(Plots.color(i));
            g.fillRect(lx + 8, ly + 10 + 18 * i, 16, 4);
            g.setColor(Color.BLACK);
            g.drawString(label(paths.get(i)), lx + 30, ly + 16 + 18 * i);
        }
        g.dispose();
        return image;
    }

    private static String label(Trajectory t) {
        return t.optimizer() + (t.diverged() ? " (diverged)" : "");
    }

    /** A perceptual blue-green-yellow ramp (viridis-like), light enough to draw on. */
    private static Color shade(double t) {
        double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
        double p = Math.max(0, Math.min(1, t)) * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double u = p - i;
        int[] rgb = new int[3];
        for (int k = 0; k < 3; k++) {
            double c = stops[i][k] + (stops[i + 1][k] - stops[i][k]) * u;
            rgb[k] = (int) Math.round(c + (255 - c) * 0.35);   // lightened so paths stand out
        }
        return new Color(rgb[0], rgb[1], rgb[2]);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
    }
}
