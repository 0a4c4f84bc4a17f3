package io.github.adagrad4j.data;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens data files, transparently un-gzipping them (detected by the gzip magic bytes, not by
 * the file name), with a clear message when the file is missing.
 *
 * <pre>{@code
 * try (InputStream in = Inputs.open(Path.of("train-images-idx3-ubyte.gz"))) { ... }
 * }</pre>
 */
public final class Inputs {
    private Inputs() {
    }

    /** Opens {@code path}, decompressing gzip content; damaged gzip data is reported naming the file. */
    public static InputStream open(Path path) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "file not found");
        }
        return decompressIfGzip(raw, path.toString());
    }

    /** Wraps {@code raw}, decompressing it if it starts with the gzip magic bytes. */
    public static InputStream decompressIfGzip(InputStream raw) throws IOException {
        return decompressIfGzip(raw, "input");
    }

    /**
     * As {@link #decompressIfGzip(InputStream)}; a gzip stream that is damaged or cut short (at its
     * header or anywhere later) fails with a {@link DataFormatException} naming {@code source}.
     */
    public static InputStream decompressIfGzip(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 != 0x1f || b2 != 0x8b) {
            return in;
        }
        GZIPInputStream z;
        try {
            z = new GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            in.close();
            throw damaged(source, e);
        }
        return new BufferedInputStream(new FilterInputStream(z) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw damaged(source, e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw damaged(source, e);
                }
            }
        }, 1 << 16);
    }

    private static DataFormatException damaged(String source, IOException e) {
        return new DataFormatException(source, "is not a valid gzip file (" + e.getMessage()
                + "): damaged or cut short");
    }
}
