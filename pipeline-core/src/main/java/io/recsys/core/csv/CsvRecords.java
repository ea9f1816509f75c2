package io.recsys.core.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    /** Receives each data record with its line number (1-based, physical line where it ends). */
    @FunctionalInterface
    public interface RecordHandler {
        void accept(CSVRecord record, long line);
    }

    /** Receives the header names (empty for a headerless file) before the first record. */
    @FunctionalInterface
    public interface HeaderHandler {
        void accept(List<String> header) throws InputFailure;
    }

    private CsvRecords() {
    }

    /**
     * Reads the header (if the layout has one) and every record.
     *
     * @return the header names, empty for a headerless file
     */
    public static List<String> read(CsvLayout layout, HeaderHandler onHeader, RecordHandler handler)
            throws InputFailure, IOException {
        String name = layout.fileName();
        if (!Files.exists(layout.file())) {
            throw new InputFailure(name + ": file not found at " + layout.file());
        }
        if (Files.size(layout.file()) == 0) {
            throw new InputFailure(name + ": the file is empty (0 bytes)");
        }
        CSVFormat.Builder format = CSVFormat.DEFAULT.builder()
                .setDelimiter(layout.delimiter())
                .setQuote(layout.quote())
                .setIgnoreEmptyLines(true)
                .setTrim(false);
        var decoder = layout.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> header = new ArrayList<>();
        long lastGoodLine = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(layout.file()), decoder),
                1 << 16);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format.get()).get()) {
            Iterator<CSVRecord> records = parser.iterator();
            if (layout.header()) {
                if (!records.hasNext()) {
                    throw new InputFailure(name + ": the file is empty (no header row)");
                }
                CSVRecord h = records.next();
                for (String v : h) {
                    header.add(stripBom(v).trim());
                }
                lastGoodLine = parser.getCurrentLineNumber();
                if (!records.hasNext()) {
                    throw new InputFailure(name + ": the file has a header but no data rows");
                }
            }
            onHeader.accept(header);
            while (records.hasNext()) {
                CSVRecord r = records.next();
                lastGoodLine = parser.getCurrentLineNumber();
                handler.accept(r, lastGoodLine);
            }
            if (!layout.header() && lastGoodLine == 0) {
                throw new InputFailure(name + ": the file has no data rows");
            }
        } catch (UncheckedIOException e) {
            throw translate(name, layout, e.getCause(), lastGoodLine);
        } catch (CharacterCodingException e) {
            throw translate(name, layout, e, lastGoodLine);
        } catch (NoSuchFileException e) {
            throw new InputFailure(name + ": file not found at " + layout.file());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("EOF reached before encapsulated token finished")) {
                throw translate(name, layout, e, lastGoodLine);
            }
            throw e;
        }
        return header;
    }

    /** The header names of a file with a header (only the first record is read); empty otherwise. */
    public static List<String> header(CsvLayout layout) throws InputFailure, IOException {
        List<String> header = new ArrayList<>();
        if (!layout.header()) {
            return header;
        }
        var decoder = layout.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(layout.file()), decoder));
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(CSVFormat.DEFAULT.builder()
                     .setDelimiter(layout.delimiter()).setQuote(layout.quote()).get()).get()) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw new InputFailure(layout.fileName() + ": the file is empty (no header row)");
            }
            for (String v : it.next()) {
                header.add(stripBom(v).trim());
            }
        } catch (UncheckedIOException | CharacterCodingException e) {
            throw translate(layout.fileName(), layout, e instanceof UncheckedIOException u ? u.getCause() : e, 0);
        }
        return header;
    }

    private static InputFailure translate(String name, CsvLayout layout, Throwable cause, long lastGoodLine) {
        long line = lastGoodLine + 1;
        if (cause instanceof CharacterCodingException) {
            // The decoder works on buffers ahead of the parser: find the exact line again.
            long bad = firstUndecodableLine(layout);
            return new InputFailure(name + ", line " + (bad > 0 ? bad : line) + ": invalid " + layout.charset().name()
                    + " byte sequence (the file is in another encoding? set the layout's encoding)");
        }
        String msg = cause == null ? "unreadable" : String.valueOf(cause.getMessage());
        if (msg.contains("EOF reached before encapsulated token finished")) {
            return new InputFailure(name + ", line " + line + ": unclosed quote (" + layout.quote()
                    + ") — the quoted field runs to the end of the file");
        }
        if (msg.contains("invalid char between encapsulated token and delimiter")) {
            return new InputFailure(name + ", line " + line + ": text after a closing quote before the delimiter ("
                    + msg + ")");
        }
        return new InputFailure(name + ", line " + line + ": cannot parse (" + msg + ")");
    }

    /** 1-based number of the first line that does not decode, or -1. */
    static long firstUndecodableLine(CsvLayout layout) {
        var decoder = layout.charset().newDecoder()
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
                        ? " The header has a single field: is the delimiter '" + printable(layout.delimiter()) + "' right?"
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
