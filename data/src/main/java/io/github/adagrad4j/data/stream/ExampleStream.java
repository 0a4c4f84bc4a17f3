package io.github.adagrad4j.data.stream;

import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.ParameterException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Examples of a file or stdin, parsed and hashed on threads of their own and handed over in
 * blocks through a bounded ring: memory holds {@code ring + threads} blocks however long the
 * stream. One thread at a time takes the next block's lines from the stream and each parses its
 * lines on its own; blocks reach the reader in file order, each holding what one thread would
 * have made of its lines, so what the reader computes does not depend on the thread count or on
 * timing. By default the reader's thread parses too: when its next block is not ready it takes
 * the next lines itself rather than wait, so parsing gets whatever time the reader leaves.
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
    /** The most parsing threads {@link Options#parseThreads()} picks by itself. */
    public static final int MAX_AUTO_THREADS = 4;
    private static final Object END = new Object();
    /** A block's lines stop here in bytes, so a file of very long lines does not hold a block of them in memory. */
    private static final int CHUNK_BYTES = 8 << 20;

    /**
     * How to read a stream.
     *
     * @param format the text format
     * @param label a CSV/TSV label column, or null: {@code label} when the header has it, else none
     * @param categorical CSV/TSV columns (names or globs) whose cells are always names
     * @param skipBadLines count bad lines and go on, instead of stopping at the first
     * @param blockSize examples per block
     * @param ring blocks in flight between the threads
     * @param threads parsing threads; 0 picks one per core but one, from 1 to {@value #MAX_AUTO_THREADS}
     * @param readerParses whether the thread that reads the blocks parses the next lines itself when
     *     its next block is not ready, rather than wait for the parsing threads
     * @param expand whether blocks come with every example expanded ({@link ExampleBlock#expanded()}):
     *     the parsing threads then do that work too, which the reader would otherwise do
     */
    public record Options(StreamFormat format, String label, List<String> categorical, boolean skipBadLines,
            int blockSize, int ring, int threads, boolean readerParses, boolean expand) {
        public Options {
            categorical = List.copyOf(categorical);
            if (blockSize < 1 || ring < 1) {
                throw new IllegalArgumentException("blockSize and ring must be >= 1, got " + blockSize + " and " + ring);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0: one per core), got " + threads);
            }
        }

        /** Options whose reader parses too while it would wait, with blocks not expanded. */
        public Options(StreamFormat format, String label, List<String> categorical, boolean skipBadLines, int blockSize,
                int ring, int threads) {
            this(format, label, categorical, skipBadLines, blockSize, ring, threads, true, false);
        }

        /** Options with the parsing threads picked by the core count ({@link #parseThreads()}). */
        public Options(StreamFormat format, String label, List<String> categorical, boolean skipBadLines, int blockSize,
                int ring) {
            this(format, label, categorical, skipBadLines, blockSize, ring, 0);
        }

        public static Options of(StreamFormat format) {
            return new Options(format, null, List.of(), false, 2048, 8, 0);
        }

        public Options withSkipBadLines(boolean skip) {
            return new Options(format, label, categorical, skip, blockSize, ring, threads, readerParses, expand);
        }

        public Options withThreads(int n) {
            return new Options(format, label, categorical, skipBadLines, blockSize, ring, n, readerParses, expand);
        }

        public Options withReaderParses(boolean parses) {
            return new Options(format, label, categorical, skipBadLines, blockSize, ring, threads, parses, expand);
        }

        public Options withExpansion(boolean expanded) {
            return new Options(format, label, categorical, skipBadLines, blockSize, ring, threads, readerParses,
                    expanded);
        }

        /**
         * The parsing threads these options start: {@link #threads()}, or for 0 one per core but one
         * (left to the reader of the blocks, which parses too while it would wait), at least one and
         * at most {@value #MAX_AUTO_THREADS}.
         */
        public int parseThreads() {
            return threads > 0 ? threads : Math.max(1, Math.min(MAX_AUTO_THREADS,
                    Runtime.getRuntime().availableProcessors() - 1));
        }
    }

    /** Fills a block from the source; false once the source is exhausted. */
    interface Producer extends AutoCloseable {
        boolean fill(ExampleBlock b) throws IOException;

        @Override
        void close() throws IOException;
    }

    /**
     * What a parsing thread hands over for one sequence number: a block (possibly empty), the
     * uncompressed bytes its lines took, the bad lines skipped in it with the first messages, and
     * the error that ended the stream after the block's lines, if one did.
     */
    private record Delivery(ExampleBlock block, long bytes, long bad, List<String> messages, Throwable error) {
    }

    private final String source;
    private final BlockingQueue<ExampleBlock> free;
    /** Deliveries by sequence number modulo the length: at most one per block, and the end, are ever pending. */
    private final Object[] slots;
    private final List<Thread> threads = new ArrayList<>();
    private final AutoCloseable input;
    private long taken;
    /** Blocks the reader's thread parsed itself. */
    long readerBlocks;
    private long badLines;
    private long bytes;
    private final List<String> badMessages = new ArrayList<>();
    private ExampleBlock current;
    /** The text the reader helps parse while it waits; null for a cache. */
    private Text text;
    private Throwable pending;
    private boolean ended;

    private ExampleStream(String source, AutoCloseable input, int blockSize, int blocks) {
        this.source = source;
        this.input = input;
        this.free = new ArrayBlockingQueue<>(blocks);
        for (int i = 0; i < blocks; i++) {
            free.add(new ExampleBlock(blockSize));
        }
        this.slots = new Object[blocks + 2];
    }

    private void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
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
        Supplier<ExampleParser> parsers;
        switch (options.format()) {
            case VW -> parsers = () -> new VwParser(hashing);
            case LIBSVM -> parsers = () -> new LibSvmParser(hashing);
            default -> {
                char d = options.format() == StreamFormat.CSV ? ',' : '\t';
                if (!lines.next()) {
                    lines.close();
                    throw new DataFormatException(name, "is empty: a " + options.format().id() + " file starts with a "
                            + "header line");
                }
                List<String> header = DelimitedParser.header(lines.buffer(), lines.from, lines.to, d);
                String label = options.label() == null && header.contains("label") ? "label" : options.label();
                try {
                    new DelimitedParser(hashing, header, d, label, options.categorical());
                } catch (ParameterException e) {
                    lines.close();
                    throw e;
                }
                parsers = () -> new DelimitedParser(hashing, header, d, label, options.categorical());
            }
        }
        int n = options.parseThreads();
        ExampleStream s = new ExampleStream(name, lines, options.blockSize(), options.ring() + n);
        boolean helps = options.readerParses();
        boolean direct = n == 1 && !helps;
        Supplier<FeatureExpander> expanders = options.expand() ? () -> new FeatureExpander(hashing) : () -> null;
        Supplier<Worker> workers = () -> new Worker(parsers.get(), direct ? null : new Chunk(), expanders.get());
        Text text = s.new Text(name, lines, workers, options.skipBadLines(), options.blockSize());
        if (helps) {
            s.text = text;
        }
        for (int i = 0; i < n; i++) {
            Worker w = workers.get();
            s.start("adagrad4j-parse-" + (i + 1), () -> text.work(w));
        }
        return s;
    }

    /**
     * Reads back a cache {@link ExampleCache.Writer} wrote, on a thread of its own; the blocks come
     * expanded ({@link ExampleBlock#expanded()}).
     */
    public static ExampleStream cache(Path file, FeatureHashing hashing, int blockSize, int ring) throws IOException {
        Producer p = ExampleCache.reader(file, hashing);
        ExampleStream s = new ExampleStream(file.toString(), p, blockSize, ring + 1);
        FeatureExpander x = new FeatureExpander(hashing);
        s.start("adagrad4j-cache", () -> s.produce(p, x));
        return s;
    }

    private void publish(long seq, Object o) {
        synchronized (slots) {
            slots[(int) (seq % slots.length)] = o;
            slots.notifyAll();
        }
    }

    /** Blocks from a producer, one after another on this thread. */
    private void produce(Producer producer, FeatureExpander expander) {
        long seq = 0;
        try {
            while (true) {
                ExampleBlock b = free.take();
                b.clear();
                boolean more;
                try {
                    more = producer.fill(b);
                    b.expandWith(expander);
                } catch (ExampleBlock.ExpansionException e) {
                    publish(seq, new Delivery(b, 0, 0, List.of(), new DataFormatException(source, e.line,
                            e.getMessage())));
                    return;
                } catch (Throwable e) {
                    publish(seq, new Delivery(b, 0, 0, List.of(), e));
                    return;
                }
                publish(seq++, new Delivery(b, 0, 0, List.of(), null));
                if (!more) {
                    publish(seq, END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lines parsed into blocks by any number of threads: each takes a block's worth of lines
     * (copied, with their numbers) under the lock and the next sequence number with them, then
     * parses them on its own. A single thread parses the lines where the reader holds them instead:
     * the copy would only cost it time.
     */
    private final class Text {
        final String name;
        final LineReader lines;
        final boolean skip;
        final int blockSize;
        final Supplier<Worker> workers;
        private long nextSeq;
        private boolean exhausted;
        /** What the reader's thread parses with, made when it first helps. */
        private Worker helper;

        Text(String name, LineReader lines, Supplier<Worker> workers, boolean skip, int blockSize) {
            this.name = name;
            this.lines = lines;
            this.workers = workers;
            this.skip = skip;
            this.blockSize = blockSize;
        }

        void work(Worker w) {
            try {
                while (unit(w, true)) {
                    // The next block.
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * One block on the reader's thread, when its next block is not ready yet: it parses the next
         * lines in line with the parsing threads, instead of idling until they deliver. False when
         * there was nothing to take (no free block, or the end): then it waits.
         */
        boolean help() {
            if (helper == null) {
                helper = workers.get();
            }
            try {
                return unit(helper, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /**
         * Takes the next block's lines and the next sequence number under the lock, parses them (in
         * place, under the lock, for a worker without a chunk: the one thread that parses), expands
         * them when asked, and publishes the block. False when the stream is exhausted, or when
         * there is no free block and {@code wait} is false.
         */
        private boolean unit(Worker w, boolean wait) throws InterruptedException {
            ExampleBlock b = wait ? free.take() : free.poll();
            if (b == null) {
                return false;
            }
            b.clear();
            Outcome o = new Outcome();
            Chunk chunk = w.chunk;
            long seq;
            long bytes;
            int count = 0;
            synchronized (this) {
                if (exhausted) {
                    free.add(b);
                    return false;
                }
                seq = nextSeq++;
                long before = lines.bytes;
                try {
                    if (chunk == null) {
                        while (count < blockSize && lines.next()) {
                            count++;
                            if (!parse(w.parser, lines.buffer(), lines.from, lines.to, lines.line, b, o)) {
                                break;
                            }
                        }
                    } else {
                        chunk.take(lines, blockSize);
                        count = chunk.count;
                    }
                } catch (Throwable e) {
                    o.error = e;
                }
                bytes = lines.bytes - before;
                if (o.error != null || count == 0) {
                    exhausted = true;
                }
            }
            if (count == 0 && o.error == null) {
                free.add(b);
                publish(seq, END);
                return false;
            }
            try {
                if (chunk != null) {
                    for (int k = 0; k < chunk.count; k++) {
                        if (!parse(w.parser, chunk.data, chunk.from[k], chunk.to[k], chunk.first + k, b, o)) {
                            break;
                        }
                    }
                }
                if (w.expander != null) {
                    b.expandWith(w.expander);
                }
            } catch (ExampleBlock.ExpansionException e) {
                o.error = new DataFormatException(name, e.line, e.getMessage());
            } catch (RuntimeException | Error e) {
                o.error = e;
            }
            publish(seq, new Delivery(b, bytes, o.bad, o.messages, o.error));
            return true;
        }

        /** Parses one line into {@code b}; false when it was bad and ends the stream (without skipping). */
        private boolean parse(ExampleParser parser, byte[] bytes, int from, int to, long line, ExampleBlock b,
                Outcome o) {
            try {
                parser.parse(bytes, from, to, line, b);
                return true;
            } catch (BadLine e) {
                String where = e.column > 0 ? "column " + e.column + ": " : "";
                if (!skip) {
                    o.error = new DataFormatException(name, line, where + e.getMessage());
                    return false;
                }
                o.bad++;
                if (o.messages.size() < KEPT_MESSAGES) {
                    if (o.messages.isEmpty()) {
                        o.messages = new ArrayList<>();
                    }
                    o.messages.add(name + " line " + line + (e.column > 0 ? " column " + e.column : "") + ": "
                            + e.getMessage());
                }
                return true;
            }
        }
    }

    /** A parsing thread's own parser, lines (null: it parses in place) and expander (null: blocks are not expanded). */
    private record Worker(ExampleParser parser, Chunk chunk, FeatureExpander expander) {
    }

    /** A block's bad lines, kept messages, and the error that ended the stream after it, if one did. */
    private static final class Outcome {
        long bad;
        List<String> messages = List.of();
        Throwable error;
    }

    /** A block's worth of lines, copied out of the reader's buffer with their numbers. */
    private static final class Chunk {
        byte[] data = new byte[1 << 20];
        int[] from = new int[256];
        int[] to = new int[256];
        int count;
        long first;

        /** Takes up to {@code max} lines (fewer past {@link #CHUNK_BYTES}); an error keeps the lines taken before it. */
        void take(LineReader lines, int max) throws IOException {
            count = 0;
            int used = 0;
            while (count < max && used < CHUNK_BYTES && lines.next()) {
                int length = lines.to - lines.from;
                if (used + length > data.length) {
                    data = Arrays.copyOf(data, Math.max(data.length * 2, used + length));
                }
                if (count == from.length) {
                    from = Arrays.copyOf(from, count * 2);
                    to = Arrays.copyOf(to, count * 2);
                }
                System.arraycopy(lines.buffer(), lines.from, data, used, length);
                if (count == 0) {
                    first = lines.line;
                }
                from[count] = used;
                used += length;
                to[count] = used;
                count++;
            }
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
        while (!ended) {
            if (pending != null) {
                ended = true;
                throw rethrow(pending);
            }
            Object o;
            try {
                o = take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while reading " + source);
            }
            if (o == END) {
                ended = true;
                return null;
            }
            Delivery d = (Delivery) o;
            bytes += d.bytes();
            badLines += d.bad();
            for (String m : d.messages()) {
                if (badMessages.size() < KEPT_MESSAGES) {
                    badMessages.add(m);
                }
            }
            pending = d.error();
            if (d.block().size() > 0) {
                current = d.block();
                return current;
            }
            free.add(d.block());
        }
        return null;
    }

    private Object take() throws InterruptedException {
        int i = (int) (taken % slots.length);
        while (true) {
            synchronized (slots) {
                Object o = slots[i];
                if (o != null) {
                    slots[i] = null;
                    taken++;
                    return o;
                }
                if (text == null) {
                    slots.wait();
                    continue;
                }
            }
            if (text.help()) {
                readerBlocks++;
            } else {
                synchronized (slots) {
                    while (slots[i] == null) {
                        slots.wait();
                    }
                }
            }
        }
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) {
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }

    /** The file's name in messages ({@code stdin} for {@code -}). */
    public String source() {
        return source;
    }

    /** Bad lines skipped in the blocks read so far (with {@code skipBadLines}). */
    public long badLines() {
        return badLines;
    }

    /** The messages of the first {@value #KEPT_MESSAGES} bad lines skipped. */
    public List<String> badLineMessages() {
        return List.copyOf(badMessages);
    }

    /** Uncompressed bytes of the blocks read so far (text sources; 0 for a cache). */
    public long bytesParsed() {
        return bytes;
    }

    @Override
    public void close() throws IOException {
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            input.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
