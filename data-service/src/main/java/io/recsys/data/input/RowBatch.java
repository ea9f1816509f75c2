package io.recsys.data.input;

import io.recsys.data.validate.RejectedRow;
import io.recsys.math.FloatList;
import io.recsys.math.IdIndex;
import io.recsys.math.IntList;
import io.recsys.math.LongList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The accepted rows of one input file in file order, as primitive columns, plus the rows it
 * rejected. Ids index into this batch's own {@link IdIndex}es.
 */
public final class RowBatch {
    public final String source;
    public final IdIndex users = new IdIndex();
    public final IdIndex items = new IdIndex();
    public final IntList user;
    public final IntList item;
    public final FloatList rating;
    public final LongList timestamp;
    public final FloatList quality;
    /** {@link io.recsys.artifact.snapshot.InteractionKind} codes: REVIEW for file rows, the event's kind otherwise. */
    public final IntList kind;

    public final LongList line;
    /** Original comment text, kept only when asked (staging batches are appended to the raw file). */
    public final List<String> comments;
    /** Where each accepted row's original text is in the file, to quote it if it turns out a duplicate. */
    public final LongList charStart;

    public final IntList charLength;
    public final List<RejectedRow> rejected = new ArrayList<>();
    /** Accepted rows whose product is not in the catalogue (unknown-products=keep), and those products. */
    private long unknownProductRows;

    private final Set<String> unknownProducts = new HashSet<>();
    private long rowsRead;

    public RowBatch(String source, int expectedRows, boolean keepComments) {
        this.source = source;
        this.user = new IntList(expectedRows);
        this.item = new IntList(expectedRows);
        this.rating = new FloatList(expectedRows);
        this.timestamp = new LongList(expectedRows);
        this.quality = new FloatList(expectedRows);
        this.kind = new IntList(expectedRows);
        this.line = new LongList(expectedRows);
        this.charStart = new LongList(expectedRows);
        this.charLength = new IntList(expectedRows);
        this.comments = keepComments ? new ArrayList<>() : null;
    }

    /** A row of an interactions file: a review. */
    public void accept(
            String userId,
            String itemId,
            float ratingValue,
            long epochSeconds,
            float commentQuality,
            long lineNumber,
            String comment,
            long textStart,
            int textLength) {
        accept(
                userId,
                itemId,
                ratingValue,
                epochSeconds,
                commentQuality,
                io.recsys.artifact.snapshot.InteractionKind.REVIEW.code(),
                lineNumber,
                comment,
                textStart,
                textLength);
    }

    /** A row of any kind (an event has no comment and no text in a file: quality 0, text -1). */
    public void accept(
            String userId,
            String itemId,
            float ratingValue,
            long epochSeconds,
            float commentQuality,
            int kindCode,
            long lineNumber,
            String comment,
            long textStart,
            int textLength) {
        user.add(users.add(userId));
        item.add(items.add(itemId));
        rating.add(ratingValue);
        timestamp.add(epochSeconds);
        quality.add(commentQuality);
        kind.add(kindCode);
        line.add(lineNumber);
        charStart.add(textStart);
        charLength.add(textLength);
        if (comments != null) {
            comments.add(comment);
        }
    }

    public void countUnknownProduct(String productId) {
        unknownProductRows++;
        unknownProducts.add(productId);
    }

    public long unknownProductRows() {
        return unknownProductRows;
    }

    public Set<String> unknownProducts() {
        return unknownProducts;
    }

    public void countRead() {
        rowsRead++;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public int size() {
        return user.size();
    }

    public String userId(int row) {
        return users.idAt(user.get(row));
    }

    public String itemId(int row) {
        return items.idAt(item.get(row));
    }
}
