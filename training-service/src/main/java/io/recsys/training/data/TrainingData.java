package io.recsys.training.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.math.CsrMatrix;
import io.recsys.math.IntList;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
public record TrainingData(String snapshotId, Path dir, List<String> userIds, List<String> itemIds,
                           List<String> coldStartUsers, CsrMatrix confidence, CsrMatrix binary, CsrMatrix hardNegatives,
                           CsrMatrix testPositives) {

    public static TrainingData load(Path dir, String snapshotId) throws IOException {
        Map<String, Object> mappings = new ObjectMapper().readValue(dir.resolve("mappings.json").toFile(),
                new TypeReference<Map<String, Object>>() {
                });
        @SuppressWarnings("unchecked")
        List<String> users = (List<String>) mappings.get("trainable_users");
        @SuppressWarnings("unchecked")
        List<String> items = (List<String>) mappings.get("item_ids");
        @SuppressWarnings("unchecked")
        List<String> cold = (List<String>) mappings.getOrDefault("cold_start_users", List.of());
        int rows = users.size();
        int cols = items.size();
        CsrMatrix confidence = read(dir, "confidence", rows, cols);
        CsrMatrix binary = read(dir, "binary", rows, cols);
        CsrMatrix hard = read(dir, "hard_negatives", rows, cols);
        int[] testItem = Npy.read(dir.resolve("test/item.npy")).ints();
        int[] positive = Npy.read(dir.resolve("test/is_positive.npy")).ints();
        if (testItem.length != rows) {
            throw new IOException(dir + ": test/item.npy has " + testItem.length + " rows for " + rows + " users");
        }
        IntList r = new IntList();
        IntList c = new IntList();
        for (int u = 0; u < rows; u++) {
            if (positive[u] == 1) {
                r.add(u);
                c.add(testItem[u]);
            }
        }
        float[] ones = new float[r.size()];
        java.util.Arrays.fill(ones, 1f);
        CsrMatrix test = CsrMatrix.fromTriples(rows, cols, r.toArray(), c.toArray(), ones);
        return new TrainingData(snapshotId, dir, users, items, cold, confidence, binary, hard, test);
    }

    private static CsrMatrix read(Path dir, String name, int rows, int cols) throws IOException {
        Path train = dir.resolve("train");
        return new CsrMatrix(rows, cols, Npy.read(train.resolve(name + "_indptr.npy")).ints(),
                Npy.read(train.resolve(name + "_indices.npy")).ints(),
                Npy.read(train.resolve(name + "_data.npy")).floats());
    }
}
