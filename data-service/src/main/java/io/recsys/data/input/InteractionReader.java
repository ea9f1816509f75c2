package io.recsys.data.input;

import io.recsys.core.csv.CsvLayout;
import io.recsys.core.csv.CsvRecords;
import io.recsys.core.csv.CsvRow;
import io.recsys.core.csv.InputFailure;
import io.recsys.data.config.DataConfig.RatingType;
import io.recsys.data.config.DataConfig.UnknownProducts;
import io.recsys.data.features.CommentQualityScorer;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectedRow;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an interactions file into a {@link RowBatch}, validating every row: as many fields as the
 * header, no control characters, ids present, the product in the catalogue, rating a number of the
 * file's rating type within range, timestamp parseable and not in the future. Rejected rows keep
 * file, line, field, reason and their original text. Structural problems (encoding, quotes,
 * header) fail the whole file.
 */
public final class InteractionReader {

    /** Where the five fields are, as configured (names or indexes). */
    public record Columns(String user, String item, String rating, String comment, String timestamp) {}

    /** One interactions file as configured: layout, columns, timestamps, rating type, field count (headerless). */
    public record Source(
            CsvLayout layout,
            Columns columns,
            TimestampParser timestamps,
            RatingType ratingType,
            Optional<Integer> fieldCount) {}

    /**
     * Validation bounds; {@code catalogue} null when there is none (product ids are then not checked).
     */
    public record Rules(
            double ratingMin,
            double ratingMax,
            Instant latestAllowed,
            Set<String> catalogue,
            UnknownProducts unknownProducts) {

        /**
         * Why {@code rating} (shown as {@code text}) is refused, or null: outside the range, or not
         * whole on an integer scale. The one rule for file rows and events.
         */
        public RejectedRating ratingProblem(double rating, String text, RatingType type) {
            if (!(rating >= ratingMin && rating <= ratingMax)) {
                return new RejectedRating(
                        RejectReason.RATING_OUT_OF_RANGE,
                        "'" + text + "' not in [" + fmt(ratingMin) + ", " + fmt(ratingMax) + "]");
            }
            if (type == RatingType.INTEGER && rating != Math.rint(rating)) {
                return new RejectedRating(
                        RejectReason.RATING_NOT_INTEGER,
                        "'" + text
                                + "' on a scale of whole stars (rating-type=integer; set rating-type=decimal for half stars)");
            }
            return null;
        }
    }

    /** A refused rating: the reason and its detail. */
    public record RejectedRating(RejectReason reason, String detail) {}

    /** A plain decimal: no exponent, no hex, no type suffix ("5d" and "0x1p2" parse as Java doubles). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private final CommentQualityScorer scorer;
    private final Rules rules;

    public InteractionReader(CommentQualityScorer scorer, Rules rules) {
        this.scorer = scorer;
        this.rules = rules;
    }

    public RowBatch read(Source source, boolean keepComments) throws InputFailure, IOException {
        CsvLayout layout = source.layout();
        RowBatch batch = new RowBatch(layout.fileName(), 1024, keepComments);
        Resolved at = new Resolved();
        long latest = rules.latestAllowed().getEpochSecond();
        CsvRecords.readRows(layout, header -> at.resolve(layout, header, source), row -> {
            batch.countRead();
            validateRow(batch, row, at, source, latest, layout.fileName());
        });
        return batch;
    }

    /** Column indexes and the expected field count, once the header is known. */
    private static final class Resolved {
        final int[] idx = new int[5];
        List<String> header;
        int expectedFields;
        boolean fromHeader;

        void resolve(CsvLayout layout, List<String> header, Source source) throws InputFailure {
            Columns c = source.columns();
            this.header = header;
            idx[0] = CsvRecords.column(layout, header, c.user(), "user id");
            idx[1] = CsvRecords.column(layout, header, c.item(), "product id");
            idx[2] = CsvRecords.column(layout, header, c.rating(), "rating");
            idx[3] = c.comment() == null || c.comment().isBlank()
                    ? -1
                    : CsvRecords.column(layout, header, c.comment(), "comment");
            idx[4] = CsvRecords.column(layout, header, c.timestamp(), "timestamp");
            int needed = 0;
            for (int i : idx) {
                needed = Math.max(needed, i + 1);
            }
            fromHeader = layout.header();
            expectedFields = fromHeader ? header.size() : source.fieldCount().orElse(needed);
        }

        String fieldName(int i) {
            return header != null && i < header.size() ? header.get(i) : "column " + i;
        }
    }

    private void validateRow(RowBatch batch, CsvRow row, Resolved at, Source source, long latest, String file) {
        CSVRecord r = row.record();
        long line = row.line();
        // A row with extra or missing fields has its columns shifted: its values cannot be trusted.
        if (r.size() != at.expectedFields) {
            reject(
                    batch,
                    row,
                    "*",
                    RejectReason.WRONG_FIELD_COUNT,
                    "expected " + at.expectedFields + " fields" + (at.fromHeader ? " (as the header)" : "") + ", found "
                            + r.size());
            return;
        }
        for (int f = 0; f < r.size(); f++) {
            String control = controlCharacter(r.get(f));
            if (control != null) {
                reject(batch, row, at.fieldName(f), RejectReason.CONTROL_CHARACTER, control);
                return;
            }
        }
        int[] idx = at.idx;
        String userId = r.get(idx[0]).trim();
        if (userId.isEmpty()) {
            reject(batch, row, "user", RejectReason.MISSING_USER_ID, "empty");
            return;
        }
        String itemId = r.get(idx[1]).trim();
        if (itemId.isEmpty()) {
            reject(batch, row, "product", RejectReason.MISSING_ITEM_ID, "empty");
            return;
        }
        boolean unknownProduct = rules.catalogue() != null && !rules.catalogue().contains(itemId);
        if (unknownProduct && rules.unknownProducts() == UnknownProducts.QUARANTINE) {
            reject(batch, row, "product", RejectReason.UNKNOWN_PRODUCT, "'" + itemId + "' is not in the catalogue");
            return;
        }
        String ratingText = r.get(idx[2]).trim();
        if (!DECIMAL.matcher(ratingText).matches()) {
            reject(batch, row, "rating", RejectReason.RATING_NOT_A_NUMBER, "'" + ratingText + "'");
            return;
        }
        double rating = Double.parseDouble(ratingText);
        RejectedRating refused = rules.ratingProblem(rating, ratingText, source.ratingType());
        if (refused != null) {
            reject(batch, row, "rating", refused.reason(), refused.detail());
            return;
        }
        String tsText = r.get(idx[4]);
        long ts;
        try {
            ts = source.timestamps().epochSeconds(tsText);
        } catch (TimestampParser.BadTimestamp e) {
            reject(batch, row, "timestamp", RejectReason.UNPARSEABLE_TIMESTAMP, e.getMessage());
            return;
        }
        if (ts > latest) {
            reject(
                    batch,
                    row,
                    "timestamp",
                    RejectReason.FUTURE_TIMESTAMP,
                    "'" + tsText.trim() + "' is after " + Instant.ofEpochSecond(latest));
            return;
        }
        if (unknownProduct) {
            batch.countUnknownProduct(itemId);
        }
        String comment = idx[3] < 0 ? "" : r.get(idx[3]);
        batch.accept(
                userId,
                itemId,
                (float) rating,
                ts,
                scorer.score(comment),
                line,
                comment,
                row.charStart(),
                row.charLength());
    }

    private static void reject(RowBatch batch, CsvRow row, String field, RejectReason reason, String detail) {
        batch.rejected.add(new RejectedRow(batch.source, row.line(), field, reason, detail, row.rawText()));
    }

    /**
     * The rule: C0 controls other than tab, CR and LF (which a quoted comment may hold), DEL and the
     * C1 range U+0080..U+009F (in text decoded correctly they do not occur; a NUL is a truncated or
     * binary write). Returns what was found and where, or null.
     */
    static String controlCharacter(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)) {
                return String.format("U+%04X%s at character %d of the field", (int) c, c == 0 ? " (NUL)" : "", i + 1);
            }
        }
        return null;
    }

    /** A number as a person writes it: 5, not 5.0. */
    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
