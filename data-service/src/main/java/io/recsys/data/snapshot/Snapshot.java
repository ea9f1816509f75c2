package io.recsys.data.snapshot;

import io.recsys.artifact.snapshot.HeldOutTest;
import io.recsys.artifact.snapshot.SnapshotContent;
import io.recsys.artifact.snapshot.TrainMatrices;
import io.recsys.math.CsrMatrix;
import java.util.List;
import java.util.Map;

/**
 * Everything a data snapshot holds, in memory. Matrix rows are the trainable users in
 * {@code trainableUsers} order (indexes into {@code table.userIds}); columns are all items.
 *
 * @param table          the cleaned interactions, in arrival order
 * @param trainableUsers global user index of each matrix row
 * @param coldStartUsers users with too few interactions to train on
 * @param confidence     rating + comment quality of each (user, item) train cell
 * @param binary         1 where the cell's rating is positive
 * @param hardNegatives  1 where the cell's rating is a hard negative
 * @param testItem       the held-out (latest) item of each matrix row; likewise rating, time, positivity
 * @param itemPopularity interactions per item over the whole table
 * @param stats          the data statistics drift detection compares
 */
public record Snapshot(
        InteractionTable table,
        int[] trainableUsers,
        List<String> coldStartUsers,
        CsrMatrix confidence,
        CsrMatrix binary,
        CsrMatrix hardNegatives,
        int[] testItem,
        float[] testRating,
        long[] testTimestamp,
        int[] testPositive,
        int trainInteractions,
        int[] itemPopularity,
        Map<String, Object> stats) {

    /** What the snapshot format writes, with the run's {@code metadata}. */
    public SnapshotContent toContent(Map<String, Object> metadata) {
        return new SnapshotContent(
                table.toRows(),
                trainableUsers,
                coldStartUsers,
                new TrainMatrices(confidence, binary, hardNegatives),
                new HeldOutTest(testItem, testRating, testTimestamp, testPositive),
                itemPopularity,
                stats,
                metadata);
    }
}
