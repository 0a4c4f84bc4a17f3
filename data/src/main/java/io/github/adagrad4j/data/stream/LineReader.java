package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.DataFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Lines of a byte stream, read in large chunks and handed out as ranges of one buffer (no String,
 * no copy per line); gzip is recognised by its magic bytes, not the file name. A truncated or
 * corrupt gzip stream is a {@link DataFormatException} naming the compressed byte offset.
 */
final class LineReader implements AutoCloseable {
    private static final int MAX_LINE = 64 << 20;
    private final String source;
    private final InputStream in;
    private final Counting raw;
    private byte[] buf = new byte[1 << 20];
    private int start;
    private int end;
    private boolean eof;
    /** The current line: {@code buf[from, to)}. */
    int from;
    int to;
    long line;
    /** Uncompressed bytes handed out as lines so far (with terminators). */
    long bytes;

    LineReader(String source, InputStream stream) throws IOException {
        this.source = source;
        this.raw = new Counting(stream);
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int m0 = b.read();
        int m1 = b.read();
        b.reset();
        InputStream opened = b;
        if (m0 == 0x1f && m1 == 0x8b) {
            try {
                opened = new GZIPInputStream(b, 1 << 16);
            } catch (EOFException | ZipException e) {
                b.close();
                throw new DataFormatException(source, "starts as gzip but its header is " + (e instanceof EOFException
                        ? "cut short" : "damaged (" + e.getMessage() + ")") + " at compressed byte " + raw.count);
            }
        }
        this.in = opened;
    }

    /** The buffer the current line is in. */
    byte[] buffer() {
        return buf;
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        while (true) {
            int i = Bytes.find(buf, start, end, (byte) '\n');
            if (i < end) {
                from = start;
                to = i > start && buf[i - 1] == '\r' ? i - 1 : i;
                bytes += i + 1 - start;
                start = i + 1;
                line++;
                return true;
            }
            if (eof) {
                if (start < end) {
                    from = start;
                    to = buf[end - 1] == '\r' ? end - 1 : end;
                    bytes += end - start;
                    start = end;
                    line++;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw new DataFormatException(source, line + 1, "a line longer than " + (MAX_LINE >> 20)
                        + " MiB: not a text file of examples");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        try {
            n = in.read(buf, end, buf.length - end);
        } catch (EOFException | ZipException e) {
            throw new DataFormatException(source, line + 1, "the gzip stream " + (e instanceof EOFException
                    ? "ends early" : "is corrupt (" + e.getMessage() + ")") + " at compressed byte " + raw.count
                    + ": the file is truncated or damaged");
        }
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
