package io.github.adagrad4j.data.libsvm;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Dataset;
import io.github.adagrad4j.data.Inputs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads LIBSVM / SVMlight files ({@code label index:value ...}, 1-based increasing indices,
 * {@code #} comments) into a dense {@link Dataset}. The feature count is given or taken from the
 * largest index seen.
 *
 * <pre>{@code
 * Dataset d = LibSvmReader.read(Path.of("a9a.txt"), 123);
 * }</pre>
 */
public final class LibSvmReader {
    private LibSvmReader() {
    }

    /** Reads with a fixed feature count; an index beyond it is an error. {@code features <= 0}: infer. */
    public static Dataset read(Path path, int features) throws IOException {
        try (InputStream in = Inputs.open(path)) {
            return read(in, path.toString(), features);
        }
    }

    public static Dataset read(InputStream raw, String source, int features) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
        int cap = 256;
        float[] labels = new float[cap];
        int[][] idx = new int[cap][];
        float[][] val = new float[cap][];
        int rows = 0;
        int maxIndex = 0;
        long lineNo = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (body.isEmpty()) {
                continue;
            }
            String[] tokens = body.split("\\s+");
            if (rows == cap) {
                cap *= 2;
                labels = Arrays.copyOf(labels, cap);
                idx = Arrays.copyOf(idx, cap);
                val = Arrays.copyOf(val, cap);
            }
            try {
                labels[rows] = Float.parseFloat(tokens[0]);
            } catch (NumberFormatException e) {
                throw new DataFormatException(source, lineNo, "expected a numeric label, found '" + tokens[0] + "'");
            }
            int[] is = new int[tokens.length - 1];
            float[] vs = new float[tokens.length - 1];
            int prev = 0;
            for (int t = 1; t < tokens.length; t++) {
                String tok = tokens[t];
                int colon = tok.indexOf(':');
                try {
                    if (colon <= 0) {
                        throw new NumberFormatException();
                    }
                    is[t - 1] = Integer.parseInt(tok.substring(0, colon));
                    vs[t - 1] = Float.parseFloat(tok.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new DataFormatException(source, lineNo, "token " + t + ": expected index:value, found '" + tok
                            + "'");
                }
                if (is[t - 1] <= prev) {
                    throw new DataFormatException(source, lineNo, "token " + t + ": index " + is[t - 1]
                            + " must be >= 1 and greater than the previous index " + prev);
                }
                if (!Float.isFinite(vs[t - 1])) {
                    throw new DataFormatException(source, lineNo, "token " + t + ": value is not finite: '" + tok + "'");
                }
                if (features > 0 && is[t - 1] > features) {
                    throw new DataFormatException(source, lineNo, "token " + t + ": index " + is[t - 1]
                            + " exceeds the feature count " + features);
                }
                prev = is[t - 1];
            }
            maxIndex = Math.max(maxIndex, prev);
            idx[rows] = is;
            val[rows] = vs;
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(source, "has no examples");
        }
        int width = features > 0 ? features : maxIndex;
        if (width == 0) {
            throw new DataFormatException(source, "has no features on any line");
        }
        float[] x = new float[rows * width];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < idx[i].length; k++) {
                x[i * width + idx[i][k] - 1] = val[i][k];
            }
        }
        return new Dataset(x, new int[] {width}, Arrays.copyOf(labels, rows), 1);
    }
}
