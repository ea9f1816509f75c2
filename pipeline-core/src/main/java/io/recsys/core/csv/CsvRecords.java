package io.recsys.core.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the records of a delimited file with Apache Commons CSV, decoding strictly (invalid bytes
 * are an error, never replaced) and turning every structural problem into an {@link InputFailure}
 * that names the file and the line.
 */
public final class CsvRecords {

    /** Receives each data record with its line number (1-based, the physical line where it starts). */
    @FunctionalInterface
    public interface RecordHandler {
        void accept(CSVRecord record, long line);
    }

    /** Receives the header names (empty for a headerless file) before the first record. */
    @FunctionalInterface
    public interface HeaderHandler {
        void accept(List<String> header) throws InputFailure;
    }

    private CsvRecords() {}

    /** Receives each data record with its line, position and original text. */
    @FunctionalInterface
    public interface RowHandler {
        void accept(CsvRow row);
    }

    /**
     * Reads the header (if the layout has one) and every record.
     *
     * @return the header names, empty for a headerless file
     */
    public static List<String> read(CsvLayout layout, HeaderHandler onHeader, RecordHandler handler)
            throws InputFailure, IOException {
        return readRows(layout, onHeader, row -> handler.accept(row.record(), row.line()));
    }

    /**
     * Reads the header (if the layout has one) and every record, each with its original text.
     * Records are handed over one behind the parser: a record's text ends where the next begins.
     *
     * @return the header names, empty for a headerless file
     */
    public static List<String> readRows(CsvLayout layout, HeaderHandler onHeader, RowHandler handler)
            throws InputFailure, IOException {
        String name = layout.fileName();
        requireReadableFile(layout.file(), name, "");
        if (Files.size(layout.file()) == 0) {
            throw new InputFailure(name + ": the file is empty (0 bytes)");
        }
        CSVFormat.Builder format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(layout.delimiter())
                .setQuote(layout.quote())
                .setIgnoreEmptyLines(true)
                .setTrim(false);
        var decoder = layout.charset()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> header = new ArrayList<>();
        Progress at = new Progress();
        try (RecordingReader reader = new RecordingReader(new BufferedReader(
                        new InputStreamReader(Files.newInputStream(layout.file()), decoder), 1 << 16));
                CSVParser parser = CSVParser.builder()
                        .setReader(reader)
                        .setFormat(format.get())
                        .get()) {
            at.reader = reader;
            Iterator<CSVRecord> records = parser.iterator();
            if (layout.header()) {
                if (!records.hasNext()) {
                    throw new InputFailure(name + ": the file is empty (no header row)");
                }
                CSVRecord h = records.next();
                for (String v : h) {
                    header.add(stripBom(v).trim());
                }
                at.parsed(h.getCharacterPosition(), parser.getCurrentLineNumber());
                if (!records.hasNext()) {
                    throw new InputFailure(name + ": the file has a header but no data rows");
                }
            }
            onHeader.accept(header);
            CSVRecord pending = null;
            long pendingStart = 0;
            long pendingLineBefore = 0;
            while (records.hasNext()) {
                CSVRecord r = records.next();
                long start = r.getCharacterPosition();
                if (pending != null) {
                    deliver(handler, reader, pending, pendingStart, start, pendingLineBefore);
                }
                pending = r;
                pendingStart = start;
                pendingLineBefore = at.lastGoodLine;
                at.parsed(start, parser.getCurrentLineNumber());
            }
            if (pending != null) {
                deliver(handler, reader, pending, pendingStart, reader.end(), pendingLineBefore);
            } else if (!layout.header()) {
                throw new InputFailure(name + ": the file has no data rows");
            }
        } catch (UncheckedIOException e) {
            throw translate(name, layout, e.getCause(), at);
        } catch (CharacterCodingException e) {
            throw translate(name, layout, e, at);
        } catch (NoSuchFileException e) {
            throw new InputFailure(name + ": file not found at " + layout.file());
        } catch (AccessDeniedException e) {
            throw new InputFailure(unreadable(name, layout.file()));
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("EOF reached before encapsulated token finished")) {
                throw translate(name, layout, e, at);
            }
            throw e;
        }
        return header;
    }

    /** Where the parser is: the last record it parsed completely, for naming the line of a failure. */
    private static final class Progress {
        RecordingReader reader;
        /** Character position where the last parsed record starts. */
        long lastStart;
        /** The line where the record before it ends (the last parsed record starts on the next line or later). */
        long lineBeforeLast;
        /** The line where the last parsed record ends. */
        long lastGoodLine;

        void parsed(long start, long endLine) {
            lastStart = start;
            lineBeforeLast = lastGoodLine;
            lastGoodLine = endLine;
        }
    }

    private static void deliver(
            RowHandler handler, RecordingReader reader, CSVRecord r, long start, long end, long lineBefore) {
        // The span runs from the record's start to the next record's: skipped empty lines before it and
        // its own line break are not part of it.
        long s = start;
        long e = end;
        long line = lineBefore + 1;
        while (s < e) {
            char c = reader.charAt(s);
            if (c == '\n') {
                line++;
                s++;
            } else if (c == '\r') {
                s++;
                if (s < e && reader.charAt(s) == '\n') {
                    s++;
                }
                line++;
            } else {
                break;
            }
        }
        while (e > s && (reader.charAt(e - 1) == '\n' || reader.charAt(e - 1) == '\r')) {
            e--;
        }
        handler.accept(new CsvRow(r, line, s, (int) (e - s), reader));
        reader.discardBefore(end);
    }

    /**
     * Fails with a sentence an operator can act on unless {@code file} is a readable regular file:
     * not found, a directory, not a regular file, or not readable (naming the mode and owner).
     *
     * @param name what to call the file in the message
     * @param hint appended when the file is not found (e.g. the configuration keys that name it)
     */
    public static void requireReadableFile(Path file, String name, String hint) throws InputFailure, IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputFailure(name + ": file not found at " + file + hint);
        } catch (AccessDeniedException e) {
            throw new InputFailure(name + ": cannot reach " + file + ": permission denied on a directory of the path"
                    + " (this process runs as user " + System.getProperty("user.name") + ")");
        }
        if (attributes.isDirectory()) {
            throw new InputFailure(name + ": " + file + " is a directory, not a file" + hint);
        }
        if (!attributes.isRegularFile()) {
            throw new InputFailure(name + ": " + file + " is not a regular file" + hint);
        }
        if (!Files.isReadable(file)) {
            throw new InputFailure(unreadable(name, file));
        }
    }

    static String unreadable(String name, Path file) {
        String mode = "";
        try {
            mode = ", mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + ", owner "
                    + Files.getOwner(file).getName();
        } catch (IOException | UnsupportedOperationException e) {
            // the permission sentence stands without them
        }
        return name + ": " + file + " is not readable by this process (user " + System.getProperty("user.name")
                + "): permission denied" + mode + ". Grant read permission (e.g. chmod a+r, or the pod's fsGroup)";
    }

    /**
     * The original text of records at the given character positions ({@link CsvRow#charStart()},
     * ascending), read again from the file: for rows whose text is needed only once all rows are known.
     */
    public static String[] texts(CsvLayout layout, long[] starts, int[] lengths) throws IOException {
        String[] out = new String[starts.length];
        char[] chunk = new char[1 << 16];
        try (Reader r = new InputStreamReader(Files.newInputStream(layout.file()), layout.charset())) {
            long pos = 0;
            int k = 0;
            StringBuilder current = null;
            int n;
            while (k < starts.length && (n = r.read(chunk, 0, chunk.length)) > 0) {
                while (k < starts.length) {
                    long s = starts[k];
                    long e = s + lengths[k];
                    if (s >= pos + n) {
                        break;
                    }
                    if (current == null) {
                        current = new StringBuilder(lengths[k]);
                    }
                    int from = (int) Math.max(0, s - pos);
                    int to = (int) Math.min(n, e - pos);
                    if (to > from) {
                        current.append(chunk, from, to - from);
                    }
                    if (e > pos + n) {
                        break;
                    }
                    out[k++] = current.toString();
                    current = null;
                }
                pos += n;
            }
        }
        return out;
    }

    /** The header names of a file with a header (only the first record is read); empty otherwise. */
    public static List<String> header(CsvLayout layout) throws InputFailure, IOException {
        List<String> header = new ArrayList<>();
        if (!layout.header()) {
            return header;
        }
        requireReadableFile(layout.file(), layout.fileName(), "");
        var decoder = layout.charset()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(Files.newInputStream(layout.file()), decoder));
                CSVParser parser = CSVParser.builder()
                        .setReader(reader)
                        .setFormat(CSVFormat.DEFAULT
                                .builder()
                                .setDelimiter(layout.delimiter())
                                .setQuote(layout.quote())
                                .get())
                        .get()) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw new InputFailure(layout.fileName() + ": the file is empty (no header row)");
            }
            for (String v : it.next()) {
                header.add(stripBom(v).trim());
            }
        } catch (UncheckedIOException | CharacterCodingException e) {
            throw translate(
                    layout.fileName(), layout, e instanceof UncheckedIOException u ? u.getCause() : e, new Progress());
        }
        return header;
    }

    private static InputFailure translate(String name, CsvLayout layout, Throwable cause, Progress at) {
        long line = at.lastGoodLine + 1;
        if (cause instanceof CharacterCodingException) {
            // The decoder works on buffers ahead of the parser: find the exact line again.
            long bad = firstUndecodableLine(layout);
            return new InputFailure(name + ", line " + (bad > 0 ? bad : line) + ": invalid "
                    + layout.charset().name()
                    + " byte sequence (the file is in another encoding? set the layout's encoding)");
        }
        String msg = cause == null ? "unreadable" : String.valueOf(cause.getMessage());
        boolean eof = msg.contains("EOF reached before encapsulated token finished");
        boolean afterQuote = msg.contains("nvalid char") && msg.contains("encapsulated token and delimiter");
        if ((eof || afterQuote) && layout.quote() != null && at.reader != null) {
            long[] q = quoteLines(
                    at.reader,
                    Math.max(at.lastStart, at.reader.start()),
                    at.lineBeforeLast + 1,
                    layout.delimiter(),
                    layout.quote());
            if (q[1] == -1) {
                return new InputFailure(name + ", line " + q[0] + ": unclosed quote (" + layout.quote()
                        + ") — the quoted field opened on this line runs to the end of the file");
            }
            if (q[1] > 0) {
                String where = q[1] == q[0] ? "" : ", runs on to line " + q[1] + ",";
                return new InputFailure(name + ", line " + q[0] + ": the quoted field opened on this line" + where
                        + " is closed and followed by text before the delimiter — a stray quote (" + layout.quote()
                        + ") inside a field? Quote the whole field and double the quotes in it");
            }
        }
        if (eof) {
            return new InputFailure(name + ", line " + line + ": unclosed quote (" + layout.quote()
                    + ") — the quoted field runs to the end of the file");
        }
        if (afterQuote) {
            return new InputFailure(name + ", line " + line + ": text after a closing quote before the delimiter");
        }
        return new InputFailure(name + ", line " + line + ": cannot parse (" + msg + ")");
    }

    /**
     * Replays the parser's quoting rules from a record start to find the quoted field that broke the
     * parse. Returns {opening line, closing line}; closing line -1 when the quote never closes, and
     * {-1, -2} when no such field is found.
     */
    static long[] quoteLines(RecordingReader text, long from, long firstLine, char delimiter, char quote) {
        long line = firstLine;
        long pos = from;
        long end = text.end();
        boolean fieldStart = true;
        while (pos < end) {
            char c = text.charAt(pos);
            if (fieldStart && c == quote) {
                long openLine = line;
                pos++;
                boolean closed = false;
                while (pos < end) {
                    char x = text.charAt(pos++);
                    if (x == quote) {
                        if (pos < end && text.charAt(pos) == quote) {
                            pos++;
                            continue;
                        }
                        closed = true;
                        break;
                    }
                    if (x == '\n') {
                        line++;
                    } else if (x == '\r') {
                        if (pos < end && text.charAt(pos) == '\n') {
                            pos++;
                        }
                        line++;
                    }
                }
                if (!closed) {
                    return new long[] {openLine, -1};
                }
                while (pos < end) {
                    char y = text.charAt(pos);
                    if (y == delimiter || y == '\n' || y == '\r') {
                        break;
                    }
                    if (!Character.isWhitespace(y)) {
                        return new long[] {openLine, line};
                    }
                    pos++;
                }
                fieldStart = false;
                continue;
            }
            pos++;
            if (c == delimiter) {
                fieldStart = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && pos < end && text.charAt(pos) == '\n') {
                    pos++;
                }
                line++;
                fieldStart = true;
            } else {
                fieldStart = false;
            }
        }
        return new long[] {-1, -2};
    }

    /** 1-based number of the first line that does not decode, or -1. */
    static long firstUndecodableLine(CsvLayout layout) {
        var decoder = layout.charset()
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (var in = new java.io.BufferedInputStream(Files.newInputStream(layout.file()), 1 << 16)) {
            java.io.ByteArrayOutputStream lineBytes = new java.io.ByteArrayOutputStream();
            long line = 1;
            int b;
            while (true) {
                b = in.read();
                if (b == '\n' || b < 0) {
                    try {
                        decoder.reset().decode(java.nio.ByteBuffer.wrap(lineBytes.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return line;
                    }
                    if (b < 0) {
                        return -1;
                    }
                    lineBytes.reset();
                    line++;
                } else {
                    lineBytes.write(b);
                }
            }
        } catch (IOException e) {
            return -1;
        }
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    /**
     * Resolves a configured column: a header name for files with a header, a 0-based index otherwise.
     *
     * @return the column index
     */
    public static int column(CsvLayout layout, List<String> header, String ref, String what) throws InputFailure {
        String name = layout.fileName();
        if (layout.header()) {
            int i = header.indexOf(ref.trim());
            if (i < 0) {
                String hint = header.size() == 1
                        ? " The header has a single field: is the delimiter '" + printable(layout.delimiter())
                                + "' right?"
                        : "";
                throw new InputFailure(name + ", line 1 (header): column '" + ref + "' for the " + what
                        + " is missing; the header has " + header + "." + hint);
            }
            return i;
        }
        try {
            int i = Integer.parseInt(ref.trim());
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new InputFailure(name + ": the file has no header, so the " + what
                    + " column must be a 0-based index, got '" + ref + "'");
        }
    }

    public static String printable(char c) {
        return c == '\t' ? "\\t" : String.valueOf(c);
    }
}
