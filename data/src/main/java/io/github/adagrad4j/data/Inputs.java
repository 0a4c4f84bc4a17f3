package io.github.adagrad4j.data;

import java.io.BufferedInputStream;
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

    /** Opens {@code path}, decompressing gzip content. */
    public static InputStream open(Path path) throws IOException {
        try {
            return decompressIfGzip(Files.newInputStream(path));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "file not found");
        }
    }

    /** Wraps {@code raw}, decompressing it if it starts with the gzip magic bytes. */
    public static InputStream decompressIfGzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }
}
