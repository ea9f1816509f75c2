package io.recsys.data.input;

import io.recsys.data.validate.RejectedRow;
import io.recsys.math.FloatList;
import io.recsys.math.IdIndex;
import io.recsys.math.IntList;
import io.recsys.math.LongList;
import java.util.ArrayList;
import java.util.List;

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
    public final LongList line;
    /** Original comment text, kept only when asked (staging batches are appended to the raw file). */
    public final List<String> comments;
    public final List<RejectedRow> rejected = new ArrayList<>();
    private long rowsRead;

    public RowBatch(String source, int expectedRows, boolean keepComments) {
        this.source = source;
        this.user = new IntList(expectedRows);
        this.item = new IntList(expectedRows);
        this.rating = new FloatList(expectedRows);
        this.timestamp = new LongList(expectedRows);
        this.quality = new FloatList(expectedRows);
        this.line = new LongList(expectedRows);
        this.comments = keepComments ? new ArrayList<>() : null;
    }

    public void accept(String userId, String itemId, float ratingValue, long epochSeconds, float commentQuality,
                       long lineNumber, String comment) {
        user.add(users.add(userId));
        item.add(items.add(itemId));
        rating.add(ratingValue);
        timestamp.add(epochSeconds);
        quality.add(commentQuality);
        line.add(lineNumber);
        if (comments != null) {
            comments.add(comment);
        }
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
