package io.recsys.core.csv;

import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through to the CSV parser and keeps those not yet discarded, addressed by
 * their absolute position in the stream (the positions {@code CSVRecord.getCharacterPosition()}
 * reports), so a record's original text can be cut out exactly as it was in the file.
 */
final class RecordingReader extends Reader {
    private final Reader in;
    private char[] buf = new char[1 << 16];
    /** Absolute position of {@code buf[0]}. */
    private long base;

    private int len;

    RecordingReader(Reader in) {
        this.in = in;
    }

    @Override
    public int read(char[] cbuf, int off, int n) throws IOException {
        int r = in.read(cbuf, off, n);
        if (r > 0) {
            ensure(len + r);
            System.arraycopy(cbuf, off, buf, len, r);
            len += r;
        }
        return r;
    }

    /** Absolute position just after the last character read. */
    long end() {
        return base + len;
    }

    /** Absolute position of the first character still kept. */
    long start() {
        return base;
    }

    char charAt(long pos) {
        return buf[(int) (pos - base)];
    }

    String text(long from, long to) {
        return new String(buf, (int) (from - base), (int) (to - from));
    }

    /** Forgets everything before {@code pos}; compacts only once that is a good part of the buffer. */
    void discardBefore(long pos) {
        int drop = (int) Math.min(len, Math.max(0, pos - base));
        if (drop > 0 && drop >= len / 2) {
            System.arraycopy(buf, drop, buf, 0, len - drop);
            len -= drop;
            base += drop;
        }
    }

    private void ensure(int capacity) {
        if (capacity > buf.length) {
            char[] bigger = new char[Math.max(capacity, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, len);
            buf = bigger;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
