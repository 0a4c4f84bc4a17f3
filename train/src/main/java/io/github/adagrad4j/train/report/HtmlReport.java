package io.github.adagrad4j.train.report;

import io.github.adagrad4j.optim.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * One self-contained HTML page: headings, paragraphs, tables and PNG pictures inlined as base64,
 * no network, no external files, so a report can be mailed or opened anywhere. A small script
 * marks the body {@code data-images="ok"} once every picture has decoded, and counts script
 * errors in {@code data-errors}: what {@code tools/report/check.sh} reads back from headless
 * Chromium.
 *
 * <pre>{@code
 * HtmlReport r = new HtmlReport("Optimizers on rosenbrock");
 * r.paragraph("adam ended lowest.");
 * r.table(List.of("optimizer", "final loss"), List.of(List.of("adam", "0.012")));
 * r.image("paths", picture);
 * r.write(Path.of("runs/cmp/report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;
    private int refreshSeconds;

    public HtmlReport(String title) {
        this.title = title;
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Has the browser reload the page every few seconds (a report of a run still going); 0: never. */
    public HtmlReport refresh(int seconds) {
        this.refreshSeconds = seconds;
        return this;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String c : r) {
                body.append("<td>").append(escape(c)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A picture, inlined; an empty (single-colour) picture is refused, as a chart with nothing on it. */
    public HtmlReport image(String alt, BufferedImage image) throws IOException {
        if (blank(image)) {
            throw new IllegalStateException("the picture '" + alt + "' is empty");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        body.append("<figure><img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png.toByteArray())).append("\"><figcaption>")
                .append(escape(alt)).append("</figcaption></figure>\n");
        return this;
    }

    private static boolean blank(BufferedImage image) {
        int first = image.getRGB(0, 0);
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if (image.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }

    String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>\n"
                + (refreshSeconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">\n" : "")
                + "<style>body{font-family:system-ui,sans-serif;max-width:1400px;margin:24px auto;padding:0 16px;"
                + "color:#222}h1{font-size:22px}h2{font-size:18px;margin-top:28px}table{border-collapse:collapse;"
                + "margin:8px 0}th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}th{background:#f3f3f3}"
                + "td:first-child,th:first-child{text-align:left}figure{display:inline-block;margin:8px}"
                + "figcaption{font-size:12px;color:#666}img{max-width:100%}p{max-width:900px}</style>\n"
                + "<script>window.addEventListener('error',function(){document.body.dataset.errors="
                + "(+(document.body.dataset.errors||0)+1)});window.addEventListener('load',function(){"
                + "var ok=[].every.call(document.images,function(i){return i.complete&&i.naturalWidth>0});"
                + "document.body.dataset.images=ok?'ok':'broken'});</script>\n"
                + "</head><body data-errors=\"0\">\n<h1>" + escape(title) + "</h1>\n" + body + "</body></html>\n";
    }

    public void write(Path file) throws IOException {
        AtomicFile.writeString(file, html());
    }
}
