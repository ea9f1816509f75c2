package io.recsys.training.data;

import io.recsys.artifact.snapshot.HeldOutTest;
import io.recsys.artifact.snapshot.SnapshotMappings;
import io.recsys.artifact.snapshot.SnapshotReader;
import io.recsys.artifact.snapshot.TrainMatrices;
import io.recsys.math.CsrMatrix;
import io.recsys.math.IntList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What training reads from a data snapshot: the train matrices (rows = trainable users), the
 * positive held-out test item of each user, and the ids of rows and columns.
 *
 * @param confidence    rating + comment quality per train cell: ALS's observations and the
 *                      exclusion set of evaluation (items already seen in train)
 * @param binary        positives, BPR's observations
 * @param hardNegatives low ratings, BPR's hard negatives
 * @param testPositives each user's held-out item when it is a positive (the seed's user_pos_test)
 * @param coldStartUsers users with too little history to train on (served popularity)
 */
public record TrainingData(
        String snapshotId,
        Path dir,
        List<String> userIds,
        List<String> itemIds,
        List<String> coldStartUsers,
        CsrMatrix confidence,
        CsrMatrix binary,
        CsrMatrix hardNegatives,
        CsrMatrix testPositives) {

    public static TrainingData load(Path dir, String snapshotId) throws IOException {
        SnapshotReader snapshot = SnapshotReader.open(dir);
        SnapshotMappings ids = snapshot.mappings();
        TrainMatrices train = snapshot.train();
        HeldOutTest heldOut = snapshot.heldOut();
        int rows = ids.trainableUsers().size();
        IntList r = new IntList();
        IntList c = new IntList();
        for (int u = 0; u < rows; u++) {
            if (heldOut.isPositive()[u] == 1) {
                r.add(u);
                c.add(heldOut.item()[u]);
            }
        }
        float[] ones = new float[r.size()];
        Arrays.fill(ones, 1f);
        CsrMatrix test = CsrMatrix.fromTriples(rows, ids.itemIds().size(), r.toArray(), c.toArray(), ones);
        return new TrainingData(
                snapshotId,
                dir,
                ids.trainableUsers(),
                ids.itemIds(),
                ids.coldStartUsers(),
                train.confidence(),
                train.binary(),
                train.hardNegatives(),
                test);
    }
}
