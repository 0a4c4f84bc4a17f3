package io.github.adagrad4j.train.report;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A TensorBoard event file: scalars and histograms as TensorFlow's {@code Event}/{@code Summary}
 * protocol buffers, framed as TFRecords (length, masked CRC32C of the length, data, masked CRC32C
 * of the data), in {@code DIR/events.out.tfevents.TIME.HOST}. TensorBoard reads the folder as one
 * run; a resumed run adds a second file beside the first, and TensorBoard joins them by step.
 *
 * <pre>{@code
 * try (TensorBoard tb = TensorBoard.open(Path.of("runs/tb/adagrad"))) {
 *     tb.scalar("epoch/loss", 1, 0.42);
 *     tb.histogram("weights/0.weight", 1, weights);
 * }
 * }</pre>
 */
public final class TensorBoard implements Closeable {
    /** Buckets of a histogram: equal widths between its smallest and largest value. */
    static final int BUCKETS = 30;
    // Field numbers of tensorflow/core/util/event.proto and framework/summary.proto.
    private static final int EVENT_WALL_TIME = 1;
    private static final int EVENT_STEP = 2;
    private static final int EVENT_FILE_VERSION = 3;
    private static final int EVENT_SUMMARY = 5;
    private static final int SUMMARY_VALUE = 1;
    private static final int VALUE_TAG = 1;
    private static final int VALUE_SIMPLE = 2;
    private static final int VALUE_HISTO = 5;

    private final Path file;
    private final OutputStream out;

    private TensorBoard(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    /** A new event file in {@code dir} (created), starting with the file-version event TensorBoard expects. */
    public static TensorBoard open(Path dir) throws IOException {
        Files.createDirectories(dir);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        long now = System.currentTimeMillis();
        Path file = dir.resolve("events.out.tfevents." + now / 1000 + "." + host + "." + ProcessHandle.current().pid()
                + "." + System.nanoTime() % 1_000_000);
        TensorBoard tb = new TensorBoard(file, Files.newOutputStream(file, StandardOpenOption.CREATE_NEW));
        tb.record(event(now / 1000.0, 0, o -> o.writeString(EVENT_FILE_VERSION, "brain.Event:2")));
        tb.out.flush();
        return tb;
    }

    /** The file written. */
    public Path file() {
        return file;
    }

    /** A scalar at {@code step}: a point of the curve {@code tag}. */
    public void scalar(String tag, long step, double value) throws IOException {
        ByteString v = message(o -> {
            o.writeString(VALUE_TAG, tag);
            o.writeFloat(VALUE_SIMPLE, (float) value);
        });
        record(event(System.currentTimeMillis() / 1000.0, step, o -> o.writeBytes(EVENT_SUMMARY,
                message(s -> s.writeBytes(SUMMARY_VALUE, v)))));
    }

    /**
     * The distribution of {@code values} at {@code step}: min, max, count, sum, sum of squares and
     * {@value #BUCKETS} equal-width buckets (non-finite values are left out, and counted in no bucket).
     */
    public void histogram(String tag, long step, float[] values) throws IOException {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double squares = 0;
        long n = 0;
        for (float f : values) {
            if (Float.isFinite(f)) {
                min = Math.min(min, f);
                max = Math.max(max, f);
                sum += f;
                squares += (double) f * f;
                n++;
            }
        }
        if (n == 0) {
            min = 0;
            max = 0;
        }
        double width = (max - min) / BUCKETS;
        double[] limits = new double[BUCKETS];
        double[] counts = new double[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            limits[b] = b == BUCKETS - 1 ? max : min + width * (b + 1);
        }
        for (float f : values) {
            if (Float.isFinite(f)) {
                int b = width == 0 ? BUCKETS - 1 : (int) Math.min(BUCKETS - 1, (f - min) / width);
                counts[b]++;
            }
        }
        double lo = min;
        double hi = max;
        double total = n;
        double s = sum;
        double sq = squares;
        ByteString histo = message(h -> {
            h.writeDouble(1, lo);
            h.writeDouble(2, hi);
            h.writeDouble(3, total);
            h.writeDouble(4, s);
            h.writeDouble(5, sq);
            packed(h, 6, limits);
            packed(h, 7, counts);
        });
        ByteString v = message(o -> {
            o.writeString(VALUE_TAG, tag);
            o.writeBytes(VALUE_HISTO, histo);
        });
        record(event(System.currentTimeMillis() / 1000.0, step, o -> o.writeBytes(EVENT_SUMMARY,
                message(x -> x.writeBytes(SUMMARY_VALUE, v)))));
    }

    /** Makes what was written visible to a TensorBoard reading the file now. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    // ---- encoding ------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(bytes);
        fields.write(o);
        o.flush();
        return ByteString.copyFrom(bytes.toByteArray());
    }

    private static ByteString event(double wallTime, long step, Fields what) throws IOException {
        return message(o -> {
            o.writeDouble(EVENT_WALL_TIME, wallTime);
            o.writeInt64(EVENT_STEP, step);
            what.write(o);
        });
    }

    private static void packed(CodedOutputStream o, int field, double[] values) throws IOException {
        o.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(values.length * 8);
        for (double v : values) {
            o.writeDoubleNoTag(v);
        }
    }

    /** One TFRecord: length, its masked CRC32C, the data, its masked CRC32C (all little-endian). */
    private void record(ByteString data) throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.size()).array();
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.put(length).putInt(maskedCrc(length));
        out.write(head.array());
        data.writeTo(out);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc(data.toByteArray())).array());
    }

    /** TFRecord's masked CRC32C: rotated right by 15 bits, plus a constant. */
    static int maskedCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }
}
