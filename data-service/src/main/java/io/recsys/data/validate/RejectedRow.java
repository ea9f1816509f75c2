package io.recsys.data.validate;

/** A row that did not make it into the snapshot: where it came from, which field, why, and the row itself. */
public record RejectedRow(String file, long line, String field, RejectReason reason, String detail, String raw) {

    /** "data.csv, line 17, field 'rating': rating out of range: '7' not in [1, 5]". */
    public String describe() {
        return file + ", line " + line + ", field '" + field + "': " + reason.label() + ": " + detail;
    }
}
