package io.recsys.core.csv;

import org.apache.commons.csv.CSVRecord;

/**
 * One data record with where it is in the file: the 1-based physical line where it starts, and its
 * original text (without the line break), exactly as in the file — quotes, delimiters and all — so
 * a rejected row can be kept replayable. The text is cut out only when asked for.
 */
public final class CsvRow {
    private final CSVRecord record;
    private final long line;
    private final long charStart;
    private final int charLength;
    private final RecordingReader source;
    private String text;

    CsvRow(CSVRecord record, long line, long charStart, int charLength, RecordingReader source) {
        this.record = record;
        this.line = line;
        this.charStart = charStart;
        this.charLength = charLength;
        this.source = source;
    }

    public CSVRecord record() {
        return record;
    }

    /** The physical line (1-based) where the record starts. */
    public long line() {
        return line;
    }

    /** Position of the record's first character in the decoded file (see {@link CsvRecords#texts}). */
    public long charStart() {
        return charStart;
    }

    public int charLength() {
        return charLength;
    }

    /** The record's original text; valid during the handler call (the reader moves on after it). */
    public String rawText() {
        if (text == null) {
            text = source.text(charStart, charStart + charLength);
        }
        return text;
    }
}
