package io.recsys.artifact.snapshot;

import java.util.List;
import java.util.Map;

/**
 * Everything a data snapshot holds, as {@link SnapshotWriter} writes it.
 *
 * @param trainableUserIndex index into {@code interactions.userIds} of each matrix row
 * @param coldStartUsers     ids of users with too little history to train on
 * @param itemPopularity     interactions per item over all rows
 * @param stats              the data statistics ({@code stats.json}) drift detection and health read
 * @param metadata           mode, parent snapshot, input versions, shape ({@code metadata.json})
 */
public record SnapshotContent(
        SnapshotInteractions interactions,
        int[] trainableUserIndex,
        List<String> coldStartUsers,
        TrainMatrices train,
        HeldOutTest heldOut,
        int[] itemPopularity,
        Map<String, Object> stats,
        Map<String, Object> metadata) {
    public SnapshotContent {
        int rows = trainableUserIndex.length;
        if (train.confidence().rows() != rows || heldOut.rows() != rows) {
            throw new IllegalArgumentException(rows + " trainable users, but the train matrices have "
                    + train.confidence().rows() + " rows and the held-out test " + heldOut.rows());
        }
        if (train.confidence().cols() != interactions.itemIds().size()
                || itemPopularity.length != interactions.itemIds().size()) {
            throw new IllegalArgumentException(interactions.itemIds().size() + " items, but the train matrices have "
                    + train.confidence().cols() + " columns and the popularity " + itemPopularity.length + " entries");
        }
        coldStartUsers = List.copyOf(coldStartUsers);
    }
}
