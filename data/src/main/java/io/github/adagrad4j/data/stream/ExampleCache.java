package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.DataFormatException;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A binary file of hashed examples, written while a first pass parses the text and read by the
 * passes after it instead of parsing again (Vowpal Wabbit's {@code --cache_file}). It holds
 * blocks as {@link ExampleBlock} has them: hashes, values, namespace segments, labels, weights,
 * line numbers and tags; interactions are not stored, they are computed when read. The header
 * names the format and the hashing, so a cache is never read under other hashing.
 *
 * <pre>{@code
 * try (ExampleCache.Writer w = ExampleCache.writer(path, hashing)) { w.write(block); }
 * ExampleStream again = ExampleStream.cache(path, hashing, 2048, 8);
 * }</pre>
 */
public final class ExampleCache {
    static final String MAGIC = "adagrad4j-example-cache/1";

    private ExampleCache() {
    }

    /** Starts a cache at {@code file}, replacing any. */
    public static Writer writer(Path file, FeatureHashing hashing) throws IOException {
        return new Writer(file, hashing);
    }

    static ExampleStream.Producer reader(Path file, FeatureHashing hashing) throws IOException {
        return new Reader(file, hashing);
    }

    private static String key(FeatureHashing hashing) {
        // Only what changes a stored example: ignore and keep. Interactions are computed on reading.
        return "ignore=" + hashing.ignore() + " keep=" + hashing.keep();
    }

    /** Appends blocks to a cache file. */
    public static final class Writer implements AutoCloseable {
        private final DataOutputStream out;
        private ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);

        private Writer(Path file, FeatureHashing hashing) throws IOException {
            OutputStream o = Files.newOutputStream(file);
            out = new DataOutputStream(new BufferedOutputStream(o, 1 << 20));
            out.writeUTF(MAGIC);
            out.writeUTF(key(hashing));
        }

        public void write(ExampleBlock b) throws IOException {
            int n = b.size;
            int bytes = 16 + n * (4 + 4 + 8 + 12) + 12 + b.segments * 12 + b.features * 8 + b.tagBytes;
            if (buf.capacity() < bytes) {
                buf = ByteBuffer.allocate(Math.max(bytes, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
            }
            buf.clear();
            buf.putInt(n).putInt(b.segments).putInt(b.features).putInt(b.tagBytes);
            buf.asFloatBuffer().put(b.labels, 0, n);
            buf.position(buf.position() + 4 * n);
            buf.asFloatBuffer().put(b.weights, 0, n);
            buf.position(buf.position() + 4 * n);
            buf.asLongBuffer().put(b.lines, 0, n);
            buf.position(buf.position() + 8 * n);
            ints(b.segStart, n + 1);
            ints(b.featStart, n + 1);
            ints(b.tagStart, n + 1);
            ints(b.segKey, b.segments);
            ints(b.segName, b.segments);
            ints(b.segFrom, b.segments);
            ints(b.hashes, b.features);
            buf.asFloatBuffer().put(b.values, 0, b.features);
            buf.position(buf.position() + 4 * b.features);
            buf.put(b.tags, 0, b.tagBytes);
            out.writeInt(buf.position());
            out.write(buf.array(), 0, buf.position());
        }

        private void ints(int[] a, int n) {
            buf.asIntBuffer().put(a, 0, n);
            buf.position(buf.position() + 4 * n);
        }

        @Override
        public void close() throws IOException {
            out.writeInt(-1);
            out.close();
        }
    }

    private static final class Reader implements ExampleStream.Producer {
        private final Path file;
        private final DataInputStream in;
        private ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        /** A block read that did not fit the block being filled. */
        private boolean pending;

        Reader(Path file, FeatureHashing hashing) throws IOException {
            this.file = file;
            InputStream i = Files.newInputStream(file);
            in = new DataInputStream(new java.io.BufferedInputStream(i, 1 << 20));
            try {
                String magic = in.readUTF();
                if (!magic.equals(MAGIC)) {
                    throw new DataFormatException(file.toString(), "is not an example cache (" + MAGIC + ")");
                }
                String key = in.readUTF();
                if (!key.equals(key(hashing))) {
                    throw new DataFormatException(file.toString(), "was written with " + key + ", not " + key(hashing));
                }
            } catch (IOException e) {
                in.close();
                throw e instanceof DataFormatException ? e
                        : new DataFormatException(file.toString(), "is not an example cache: " + e.getMessage());
            }
        }

        @Override
        public boolean fill(ExampleBlock b) throws IOException {
            // Blocks are written as the first pass's blocks were: each one fills a block of the same capacity.
            int bytes;
            try {
                bytes = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(file.toString(), "ends without its end marker: the cache is truncated");
            }
            if (bytes < 0) {
                return false;
            }
            if (buf.capacity() < bytes) {
                buf = ByteBuffer.allocate(Math.max(bytes, buf.capacity() * 2)).order(ByteOrder.LITTLE_ENDIAN);
            }
            buf.clear();
            try {
                in.readFully(buf.array(), 0, bytes);
            } catch (EOFException e) {
                throw new DataFormatException(file.toString(), "ends inside a block: the cache is truncated");
            }
            buf.limit(bytes);
            int n = buf.getInt();
            int segments = buf.getInt();
            int features = buf.getInt();
            int tagBytes = buf.getInt();
            if (n > b.capacity() || n < 0 || segments < 0 || features < 0 || tagBytes < 0) {
                throw new DataFormatException(file.toString(), "holds a block of " + n + " examples, more than the "
                        + b.capacity() + " a block holds here: it was written with another block size");
            }
            b.clear();
            b.size = n;
            b.segments = segments;
            b.features = features;
            b.tagBytes = tagBytes;
            if (b.segKey.length < segments) {
                b.segKey = new int[segments];
                b.segName = new int[segments];
                b.segFrom = new int[segments];
            }
            if (b.hashes.length < features) {
                b.hashes = new int[features];
                b.values = new float[features];
            }
            if (b.tags.length < tagBytes) {
                b.tags = new byte[tagBytes];
            }
            floats(b.labels, n);
            floats(b.weights, n);
            buf.asLongBuffer().get(b.lines, 0, n);
            buf.position(buf.position() + 8 * n);
            ints(b.segStart, n + 1);
            ints(b.featStart, n + 1);
            ints(b.tagStart, n + 1);
            ints(b.segKey, segments);
            ints(b.segName, segments);
            ints(b.segFrom, segments);
            ints(b.hashes, features);
            floats(b.values, features);
            buf.get(b.tags, 0, tagBytes);
            return true;
        }

        private void ints(int[] a, int n) {
            buf.asIntBuffer().get(a, 0, n);
            buf.position(buf.position() + 4 * n);
        }

        private void floats(float[] a, int n) {
            buf.asFloatBuffer().get(a, 0, n);
            buf.position(buf.position() + 4 * n);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
