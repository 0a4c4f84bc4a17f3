package io.github.adagrad4j.optim.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes float32 tensors in the <a href="https://github.com/huggingface/safetensors">
 * safetensors</a> format: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Python reads the files
 * with {@code safetensors.numpy.load_file}.
 *
 * <p>Writes are atomic: the file is written to a temporary file in the same folder, flushed and
 * fsynced, then renamed over the target, so a crash leaves the previous file intact. A CRC32C of
 * the data section is stored in the header metadata under {@value #CHECKSUM_KEY} and verified on
 * read; files from other tools, without it, are read unverified.
 *
 * <pre>{@code
 * SafeTensors.write(path, Map.of("w", new SafeTensors.Tensor(new int[] {2, 3}, w)), Map.of("step", "10"));
 * SafeTensors.Contents c = SafeTensors.read(path);
 * float[] w2 = c.tensors().get("w").data();
 * }</pre>
 */
public final class SafeTensors {
    /** Metadata key of the data section's CRC32C, as 8 hex digits. */
    public static final String CHECKSUM_KEY = "adagrad4j.crc32c";
    private static final String CHECKSUM_PLACEHOLDER = "00000000";
    /** Headers beyond this are refused as corrupt rather than allocated (the reference reader uses 100 MB). */
    private static final long MAX_HEADER = 100L << 20;
    private static final int BLOCK = 1 << 20;

    private SafeTensors() {
    }

    /** A float32 tensor: shape and row-major data. */
    public record Tensor(int[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                        + " elements but data has " + data.length);
            }
        }
    }

    /** A file's metadata and tensors, tensors in file order. */
    public record Contents(Map<String, String> metadata, Map<String, Tensor> tensors) {
    }

    /** Writes the tensors, in map order, atomically replacing {@code path}. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(CHECKSUM_KEY, CHECKSUM_PLACEHOLDER);
        header.put("__metadata__", meta);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            Tensor t = e.getValue();
            List<Object> shape = new ArrayList<>();
            for (int d : t.shape()) {
                shape.add((long) d);
            }
            long end = offset + 4L * t.data().length;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(offset, end));
            header.put(e.getKey(), entry);
            offset = end;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int checksumAt = indexOf(json, (Json.quote(CHECKSUM_KEY) + ":\"" + CHECKSUM_PLACEHOLDER).getBytes(
                StandardCharsets.UTF_8)) + CHECKSUM_KEY.length() + 4;
        // Pad the header with spaces to a multiple of 8 so the data starts aligned, as the format recommends.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        AtomicFile.write(path, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).flip();
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(headerBytes));
                CRC32C crc = new CRC32C();
                ByteBuffer block = ByteBuffer.allocateDirect(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors.values()) {
                    float[] data = t.data();
                    for (int from = 0; from < data.length; from += BLOCK / 4) {
                        int n = Math.min(BLOCK / 4, data.length - from);
                        block.clear();
                        block.asFloatBuffer().put(data, from, n);
                        block.limit(4 * n);
                        crc.update(block);
                        block.flip();
                        writeFully(ch, block);
                    }
                }
                String hex = String.format("%08x", crc.getValue());
                ch.write(ByteBuffer.wrap(hex.getBytes(StandardCharsets.US_ASCII)), 8L + checksumAt);
            }
        });
    }

    /**
     * Reads a whole file, checking its structure and, when present, its checksum.
     *
     * @throws CheckpointException naming the file and the problem: truncated, corrupt header,
     *     unsupported dtype, inconsistent offsets, checksum mismatch
     */
    public static Contents read(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new CheckpointException(path, "no such file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new CheckpointException(path, "truncated: " + size
                        + " bytes, but a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0, path);
            long headerLength = len.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > size - 8) {
                throw new CheckpointException(path, "header length " + headerLength + " does not fit a file of " + size
                        + " bytes: the file is truncated or not safetensors");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
            readFully(ch, hb, 8, path);
            Object parsed;
            try {
                parsed = Json.parse(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new CheckpointException(path, "header is not valid JSON (" + e.getMessage()
                        + "): the file is corrupted or not safetensors", e);
            }
            if (!(parsed instanceof Map<?, ?> header)) {
                throw new CheckpointException(path, "header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            long dataSize = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<?, ?> e : header.entrySet()) {
                String name = (String) e.getKey();
                if (name.equals("__metadata__")) {
                    if (!(e.getValue() instanceof Map<?, ?> m)) {
                        throw new CheckpointException(path, "__metadata__ is not an object");
                    }
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        if (!(me.getValue() instanceof String v)) {
                            throw new CheckpointException(path, "metadata '" + me.getKey() + "' is not a string");
                        }
                        metadata.put((String) me.getKey(), v);
                    }
                } else {
                    entries.add(entry(path, name, e.getValue()));
                }
            }
            entries.sort(Comparator.comparingLong(Entry::begin));
            long expected = 0;
            for (Entry en : entries) {
                if (en.begin != expected) {
                    throw new CheckpointException(path, "tensor '" + en.name + "' starts at byte " + en.begin
                            + " of the data, expected " + expected + " (overlapping or gapped offsets)");
                }
                expected = en.end;
            }
            if (expected > dataSize) {
                throw new CheckpointException(path, "truncated: the header describes " + expected
                        + " data bytes but the file holds " + dataSize);
            }
            if (expected < dataSize) {
                throw new CheckpointException(path, (dataSize - expected) + " unexpected bytes after the last tensor");
            }
            CRC32C crc = new CRC32C();
            Map<String, Tensor> byFileOrder = new LinkedHashMap<>();
            ByteBuffer block = ByteBuffer.allocateDirect(BLOCK).order(ByteOrder.LITTLE_ENDIAN);
            long pos = dataStart;
            for (Entry en : entries) {
                float[] data = new float[Math.toIntExact((en.end - en.begin) / 4)];
                for (int from = 0; from < data.length; from += BLOCK / 4) {
                    int n = Math.min(BLOCK / 4, data.length - from);
                    block.clear().limit(4 * n);
                    readFully(ch, block, pos, path);
                    pos += 4L * n;
                    block.flip();
                    crc.update(block);
                    block.flip();
                    block.asFloatBuffer().get(data, from, n);
                }
                byFileOrder.put(en.name, new Tensor(en.shape, data));
            }
            String stored = metadata.get(CHECKSUM_KEY);
            if (stored != null) {
                String actual = String.format("%08x", crc.getValue());
                if (!stored.equals(actual)) {
                    throw new CheckpointException(path, "checksum mismatch: header says crc32c " + stored
                            + " but the data hashes to " + actual + "; the file is corrupted");
                }
            }
            return new Contents(Collections.unmodifiableMap(metadata), Collections.unmodifiableMap(byFileOrder));
        }
    }

    private record Entry(String name, int[] shape, long begin, long end) {
    }

    private static Entry entry(Path path, String name, Object value) throws CheckpointException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new CheckpointException(path, "tensor '" + name + "' header is not an object");
        }
        Object dtype = m.get("dtype");
        if (!"F32".equals(dtype)) {
            throw new CheckpointException(path, "tensor '" + name + "' has dtype " + dtype + "; only F32 is supported");
        }
        if (!(m.get("shape") instanceof List<?> shapeList) || !(m.get("data_offsets") instanceof List<?> offsets)
                || offsets.size() != 2) {
            throw new CheckpointException(path, "tensor '" + name + "' lacks a shape or a [begin, end] data_offsets");
        }
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int k = 0; k < shape.length; k++) {
            if (!(shapeList.get(k) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw new CheckpointException(path, "tensor '" + name + "' has a bad shape " + shapeList);
            }
            shape[k] = (int) (long) d;
            numel *= d;
        }
        if (!(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)) {
            throw new CheckpointException(path, "tensor '" + name + "' has non-integer data_offsets " + offsets);
        }
        if (end - begin != 4 * numel || begin < 0) {
            throw new CheckpointException(path, "tensor '" + name + "' of shape " + shapeList + " needs " + 4 * numel
                    + " bytes but its data_offsets " + offsets + " span " + (end - begin));
        }
        if (numel > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(path, "tensor '" + name + "' has " + numel + " elements, more than a Java array holds");
        }
        return new Entry(name, shape, begin, end);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path path) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new CheckpointException(path, "truncated: unexpected end of file at byte " + p);
            }
            p += n;
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("checksum placeholder not found in header");
    }
}
