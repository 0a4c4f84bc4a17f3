package io.github.adagrad4j.data.csv;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.github.adagrad4j.data.DataFormatException;
import io.github.adagrad4j.data.Inputs;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The records of an RFC 4180 CSV file, one at a time, read with FastCSV: quoted fields with
 * embedded delimiters, quotes ({@code ""}) and line breaks, CRLF or LF line ends, a UTF-8 byte
 * order mark, gzip (by content), blank lines skipped. The delimiter is given or sniffed from the
 * first line ({@code ,} {@code ;} tab or {@code |}, whichever occurs most outside quotes). Memory
 * stays bounded by the longest record, so files of any size stream.
 *
 * <pre>{@code
 * try (CsvRows rows = CsvRows.open(Path.of("churn.csv"), null)) {     // null: sniff the delimiter
 *     for (String[] r = rows.next(); r != null; r = rows.next()) {
 *         System.out.println("line " + rows.line() + ": " + r.length + " fields");
 *     }
 * }
 * }</pre>
 */
public final class CsvRows implements Closeable {
    /** Delimiters {@link #sniff} chooses among. */
    private static final String CANDIDATES = ",;\t|";
    /** How much of the file the sniffer looks at: the first line, up to this many characters. */
    private static final int SNIFF_LIMIT = 1 << 16;

    private final String source;
    private final BufferedReader reader;
    private final de.siegmar.fastcsv.reader.CsvReader<CsvRecord> csv;
    private final Iterator<CsvRecord> records;
    private final char delimiter;
    private long line;

    private CsvRows(InputStream raw, String source, Character delimiter) throws IOException {
        this.source = source;
        this.reader = new BufferedReader(new InputStreamReader(Inputs.decompressIfGzip(raw, source),
                StandardCharsets.UTF_8), 1 << 16);
        try {
            skipByteOrderMark(reader);
            this.delimiter = delimiter != null ? delimiter : sniff(reader);
        } catch (DataFormatException e) {
            reader.close();
            throw e;
        } catch (IOException e) {
            reader.close();
            throw new DataFormatException(source, "cannot be read: " + e.getMessage());
        }
        this.csv = de.siegmar.fastcsv.reader.CsvReader.builder().fieldSeparator(this.delimiter).skipEmptyLines(true)
                .ignoreDifferentFieldCount(true).ofCsvRecord(reader);
        this.records = csv.iterator();
    }

    /** Opens a file (gzip by content); {@code delimiter} null sniffs it. */
    public static CsvRows open(Path path, Character delimiter) throws IOException {
        return new CsvRows(Inputs.open(path), path.toString(), delimiter);
    }

    /** Reads a stream; {@code source} names it in error messages; {@code delimiter} null sniffs it. */
    public static CsvRows open(InputStream in, String source, Character delimiter) throws IOException {
        return new CsvRows(in, source, delimiter);
    }

    /** The next record's fields, or null at the end of the data. */
    public String[] next() throws DataFormatException {
        try {
            if (!records.hasNext()) {
                return null;
            }
            CsvRecord r = records.next();
            line = r.getStartingLineNumber();
            return r.getFields().toArray(new String[0]);
        } catch (CsvParseException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DataFormatException(source, line + 1, "malformed CSV: " + cause.getMessage());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof DataFormatException d) {
                throw d;
            }
            throw new DataFormatException(source, line + 1, "cannot be read: " + e.getCause().getMessage());
        }
    }

    /**
     * Fails unless a record has {@code expected} fields, naming the line; when a field holds a line
     * break, the likely cause (a quote never closed, which swallows the lines after it) is named too.
     */
    public void requireWidth(String[] fields, int expected) throws DataFormatException {
        if (fields.length != expected) {
            boolean spans = false;
            for (String f : fields) {
                spans |= f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
            }
            throw new DataFormatException(source, line, "expected " + expected + " columns, found " + fields.length
                    + (spans ? " (a quoted field runs over several lines: an unterminated quoted field?)" : ""));
        }
    }

    /** The line the last record returned by {@link #next} starts on (1-based). */
    public long line() {
        return line;
    }

    /** The delimiter in use (given or sniffed). */
    public char delimiter() {
        return delimiter;
    }

    /** The file or stream name used in messages. */
    public String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    private static void skipByteOrderMark(BufferedReader r) throws IOException {
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
    }

    /** The candidate delimiter occurring most often outside quotes in the first line; ',' if none does. */
    static char sniff(BufferedReader r) throws IOException {
        r.mark(SNIFF_LIMIT + 1);
        int[] counts = new int[CANDIDATES.length()];
        boolean quoted = false;
        for (int n = 0; n < SNIFF_LIMIT; n++) {
            int c = r.read();
            if (c < 0 || (!quoted && (c == '\n' || c == '\r'))) {
                break;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                int k = CANDIDATES.indexOf(c);
                if (k >= 0) {
                    counts[k]++;
                }
            }
        }
        r.reset();
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return CANDIDATES.charAt(best);
    }

    /** A field as a CSV file writes it: quoted (RFC 4180, quotes doubled) only where it must be. */
    public static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
