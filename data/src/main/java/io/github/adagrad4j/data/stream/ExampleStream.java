package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Examples of a file or stdin, parsed and hashed on a thread of their own and handed over in
 * blocks through a bounded ring: memory holds {@code ring + 2} blocks however long the stream.
 * The reader sees blocks in file order, so what it computes does not depend on timing.
 *
 * <p>A bad line stops the stream with a {@link DataFormatException} naming the file, line and
 * column, after the blocks of the lines before it; with {@code skipBadLines} it is counted
 * ({@link #badLines()}, the first few kept in {@link #badLineMessages()}) and the stream goes on.
 *
 * <pre>{@code
 * try (ExampleStream s = ExampleStream.open("clicks.vw.gz", ExampleStream.Options.of(StreamFormat.VW), hashing)) {
 *     for (ExampleBlock b; (b = s.next()) != null; ) {
 *         for (int e = 0; e < b.size(); e++) { ... }
 *     }
 * }
 * }</pre>
 */
public final class ExampleStream implements AutoCloseable {
    /** How many bad lines' messages are kept. */
    public static final int KEPT_MESSAGES = 5;
    private static final Object END = new Object();

    /**
     * How to read a stream.
     *
     * @param format the text format
     * @param label a CSV/TSV label column, or null: {@code label} when the header has it, else none
     * @param categorical CSV/TSV columns (names or globs) whose cells are always names
     * @param skipBadLines count bad lines and go on, instead of stopping at the first
     * @param blockSize examples per block
     * @param ring blocks in flight between the threads
     */
    public record Options(StreamFormat format, String label, List<String> categorical, boolean skipBadLines,
            int blockSize, int ring) {
        public Options {
            categorical = List.copyOf(categorical);
            if (blockSize < 1 || ring < 1) {
                throw new IllegalArgumentException("blockSize and ring must be >= 1, got " + blockSize + " and " + ring);
            }
        }

        public static Options of(StreamFormat format) {
            return new Options(format, null, List.of(), false, 2048, 8);
        }

        public Options withSkipBadLines(boolean skip) {
            return new Options(format, label, categorical, skip, blockSize, ring);
        }
    }

    /** Fills a block from the source; false once the source is exhausted. */
    interface Producer extends AutoCloseable {
        boolean fill(ExampleBlock b) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final String source;
    private final BlockingQueue<Object> full;
    private final BlockingQueue<ExampleBlock> free;
    private final Thread thread;
    private final Producer producer;
    private volatile long badLines;
    private volatile long bytes;
    private ExampleBlock current;
    private boolean ended;

    private ExampleStream(String source, Producer producer, int blockSize, int ring) {
        this.source = source;
        this.producer = producer;
        this.full = new ArrayBlockingQueue<>(ring + 1);
        this.free = new ArrayBlockingQueue<>(ring + 2);
        for (int i = 0; i < ring + 1; i++) {
            free.add(new ExampleBlock(blockSize));
        }
        this.thread = new Thread(this::produce, "adagrad4j-parse");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens {@code data} ({@code -} for stdin; gzip recognised by content) and starts parsing it.
     *
     * @throws NoSuchFileException naming the file
     * @throws DataFormatException for a CSV/TSV without a header
     */
    public static ExampleStream open(String data, Options options, FeatureHashing hashing) throws IOException {
        InputStream in;
        String name;
        if (data.equals("-")) {
            in = System.in;
            name = "stdin";
        } else {
            Path p = Path.of(data);
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(data, null, "no such data file");
            }
            in = Files.newInputStream(p);
            name = data;
        }
        return open(name, in, options, hashing);
    }

    /** Starts parsing {@code in}, named {@code name} in messages. */
    public static ExampleStream open(String name, InputStream in, Options options, FeatureHashing hashing)
            throws IOException {
        LineReader lines = new LineReader(name, in);
        ExampleParser parser;
        switch (options.format()) {
            case VW -> parser = new VwParser(hashing);
            case LIBSVM -> parser = new LibSvmParser(hashing);
            default -> {
                char d = options.format() == StreamFormat.CSV ? ',' : '\t';
                if (!lines.next()) {
                    lines.close();
                    throw new DataFormatException(name, "is empty: a " + options.format().id() + " file starts with a "
                            + "header line");
                }
                List<String> header = DelimitedParser.header(lines.buffer(), lines.from, lines.to, d);
                String label = options.label();
                if (label == null && header.contains("label")) {
                    label = "label";
                }
                try {
                    parser = new DelimitedParser(hashing, header, d, label, options.categorical());
                } catch (ParameterException e) {
                    lines.close();
                    throw e;
                }
            }
        }
        return new ExampleStream(name, new TextProducer(name, lines, parser, options.skipBadLines()), options.blockSize(),
                options.ring());
    }

    /** Reads back a cache {@link ExampleCache.Writer} wrote, on a thread of its own. */
    public static ExampleStream cache(Path file, FeatureHashing hashing, int blockSize, int ring) throws IOException {
        return new ExampleStream(file.toString(), ExampleCache.reader(file, hashing), blockSize, ring);
    }

    private void produce() {
        try {
            while (true) {
                ExampleBlock b = free.take();
                b.clear();
                boolean more;
                try {
                    more = producer.fill(b);
                } catch (Throwable e) {
                    if (b.size() > 0) {
                        full.put(b);
                    }
                    full.put(e);
                    return;
                } finally {
                    publishCounts();
                }
                if (b.size() > 0) {
                    full.put(b);
                } else {
                    free.put(b);
                }
                if (!more) {
                    full.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publishCounts() {
        if (producer instanceof TextProducer t) {
            badLines = t.bad;
            bytes = t.lines.bytes;
        }
    }

    /**
     * The next block, or null at the end of the stream. The block returned before goes back to
     * the parser: use a block only until the next call.
     *
     * @throws DataFormatException for a bad line (after every block before it) or a damaged gzip stream
     */
    public ExampleBlock next() throws IOException {
        if (current != null) {
            free.add(current);
            current = null;
        }
        if (ended) {
            return null;
        }
        Object o;
        try {
            o = full.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading " + source);
        }
        if (o == END) {
            ended = true;
            return null;
        }
        if (o instanceof Throwable t) {
            ended = true;
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(t);
        }
        current = (ExampleBlock) o;
        return current;
    }

    /** The file's name in messages ({@code stdin} for {@code -}). */
    public String source() {
        return source;
    }

    /** Bad lines skipped so far (with {@code skipBadLines}). */
    public long badLines() {
        return badLines;
    }

    /** The messages of the first {@value #KEPT_MESSAGES} bad lines skipped. */
    public List<String> badLineMessages() {
        if (!(producer instanceof TextProducer t)) {
            return List.of();
        }
        synchronized (t.badMessages) {
            return List.copyOf(t.badMessages);
        }
    }

    /** Uncompressed bytes parsed so far (text sources; 0 for a cache). */
    public long bytesParsed() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }

    /** Lines parsed into blocks. */
    private static final class TextProducer implements Producer {
        final String name;
        final LineReader lines;
        final ExampleParser parser;
        final boolean skip;
        final List<String> badMessages = Collections.synchronizedList(new ArrayList<>());
        long bad;

        TextProducer(String name, LineReader lines, ExampleParser parser, boolean skip) {
            this.name = name;
            this.lines = lines;
            this.parser = parser;
            this.skip = skip;
        }

        @Override
        public boolean fill(ExampleBlock b) throws IOException {
            while (!b.isFull()) {
                if (!lines.next()) {
                    return false;
                }
                try {
                    parser.parse(lines.buffer(), lines.from, lines.to, lines.line, b);
                } catch (BadLine e) {
                    String message = name + " line " + lines.line + (e.column > 0 ? " column " + e.column : "") + ": "
                            + e.getMessage();
                    if (!skip) {
                        throw new DataFormatException(name, lines.line, (e.column > 0 ? "column " + e.column + ": " : "")
                                + e.getMessage());
                    }
                    bad++;
                    if (badMessages.size() < KEPT_MESSAGES) {
                        badMessages.add(message);
                    }
                }
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
