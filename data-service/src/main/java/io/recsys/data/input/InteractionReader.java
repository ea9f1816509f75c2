package io.recsys.data.input;

import io.recsys.core.csv.InputFailure;
import io.recsys.core.csv.CsvRecords;
import io.recsys.core.csv.CsvLayout;
import io.recsys.data.features.CommentQualityScorer;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectedRow;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an interactions file into a {@link RowBatch}, validating every row: ids present, rating a
 * number within range, timestamp parseable and not in the future. Rejected rows keep file, line,
 * field and reason. Structural problems (encoding, quotes, header) fail the whole file.
 */
public final class InteractionReader {

    /** Where the five fields are, as configured (names or indexes). */
    public record Columns(String user, String item, String rating, String comment, String timestamp) {
    }

    /** Validation bounds. */
    public record Rules(double ratingMin, double ratingMax, Instant latestAllowed) {
    }

    private final CommentQualityScorer scorer;
    private final Rules rules;

    public InteractionReader(CommentQualityScorer scorer, Rules rules) {
        this.scorer = scorer;
        this.rules = rules;
    }

    public RowBatch read(CsvLayout layout, Columns columns, TimestampParser timestamps, boolean keepComments)
            throws InputFailure, IOException {
        RowBatch batch = new RowBatch(layout.fileName(), 1024, keepComments);
        int[] idx = new int[5];
        long latest = rules.latestAllowed().getEpochSecond();
        String name = layout.fileName();
        CsvRecords.read(layout, header -> resolveColumns(layout, header, columns, idx), (r, line) -> {
            batch.countRead();
            validateRow(batch, r, line, idx, timestamps, latest, name);
        });
        return batch;
    }

    private void resolveColumns(CsvLayout layout, List<String> header, Columns c, int[] idx) throws InputFailure {
        idx[0] = CsvRecords.column(layout, header, c.user(), "user id");
        idx[1] = CsvRecords.column(layout, header, c.item(), "product id");
        idx[2] = CsvRecords.column(layout, header, c.rating(), "rating");
        idx[3] = c.comment() == null || c.comment().isBlank() ? -1
                : CsvRecords.column(layout, header, c.comment(), "comment");
        idx[4] = CsvRecords.column(layout, header, c.timestamp(), "timestamp");
    }

    private void validateRow(RowBatch batch, CSVRecord r, long line, int[] idx, TimestampParser timestamps,
                             long latest, String file) {
        int needed = Math.max(Math.max(idx[0], idx[1]), Math.max(Math.max(idx[2], idx[3]), idx[4])) + 1;
        if (r.size() < needed) {
            batch.rejected.add(new RejectedRow(file, line, "*", RejectReason.WRONG_FIELD_COUNT,
                    "expected at least " + needed + " fields, found " + r.size(), raw(r)));
            return;
        }
        String userId = r.get(idx[0]).trim();
        if (userId.isEmpty()) {
            batch.rejected.add(new RejectedRow(file, line, "user", RejectReason.MISSING_USER_ID, "empty", raw(r)));
            return;
        }
        String itemId = r.get(idx[1]).trim();
        if (itemId.isEmpty()) {
            batch.rejected.add(new RejectedRow(file, line, "product", RejectReason.MISSING_ITEM_ID, "empty", raw(r)));
            return;
        }
        String ratingText = r.get(idx[2]).trim();
        double rating;
        try {
            rating = Double.parseDouble(ratingText);
        } catch (NumberFormatException e) {
            batch.rejected.add(new RejectedRow(file, line, "rating", RejectReason.RATING_NOT_A_NUMBER,
                    "'" + ratingText + "'", raw(r)));
            return;
        }
        if (!(rating >= rules.ratingMin() && rating <= rules.ratingMax())) {
            batch.rejected.add(new RejectedRow(file, line, "rating", RejectReason.RATING_OUT_OF_RANGE,
                    "'" + ratingText + "' not in [" + fmt(rules.ratingMin()) + ", " + fmt(rules.ratingMax()) + "]",
                    raw(r)));
            return;
        }
        String tsText = r.get(idx[4]);
        long ts;
        try {
            ts = timestamps.epochSeconds(tsText);
        } catch (TimestampParser.BadTimestamp e) {
            batch.rejected.add(new RejectedRow(file, line, "timestamp", RejectReason.UNPARSEABLE_TIMESTAMP,
                    e.getMessage(), raw(r)));
            return;
        }
        if (ts > latest) {
            batch.rejected.add(new RejectedRow(file, line, "timestamp", RejectReason.FUTURE_TIMESTAMP,
                    "'" + tsText.trim() + "' is after " + Instant.ofEpochSecond(latest), raw(r)));
            return;
        }
        String comment = idx[3] < 0 ? "" : r.get(idx[3]);
        batch.accept(userId, itemId, (float) rating, ts, scorer.score(comment), line, comment);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String raw(CSVRecord r) {
        return String.join("|", r.toList());
    }
}
