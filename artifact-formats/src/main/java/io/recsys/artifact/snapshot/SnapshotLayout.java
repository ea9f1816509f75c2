package io.recsys.artifact.snapshot;

/**
 * Where each part of a data snapshot lives inside its directory. Arrays are NumPy {@code .npy}
 * (little-endian), metadata JSON:
 * <pre>
 * interactions/{user,item,rating,timestamp,comment_quality,confidence}.npy  cleaned rows, arrival order
 * mappings.json        user_ids, item_ids (index = position), trainable_users (matrix rows), cold_start_users
 * trainable_user_index.npy  index into user_ids of each matrix row
 * train/{confidence,binary,hard_negatives}_{indptr,indices,data}.npy   CSR, rows = trainable users
 * test/{item,rating,timestamp,is_positive}.npy   one held-out interaction per matrix row
 * item_popularity.npy  interactions per item
 * stats.json           counts, sparsity, rating distribution, popularity, activity
 * metadata.json        mode, parent snapshot, input versions, shape
 * </pre>
 * In Python: {@code scipy.sparse.csr_matrix((data, indices, indptr), shape=(len(trainable_users), len(item_ids)))}.
 * Only this package names these files; everything else goes through {@link SnapshotWriter} and {@link SnapshotReader}.
 */
final class SnapshotLayout {
    static final String INTERACTIONS = "interactions";
    static final String USER = "user.npy";
    static final String ITEM = "item.npy";
    static final String RATING = "rating.npy";
    static final String TIMESTAMP = "timestamp.npy";
    static final String COMMENT_QUALITY = "comment_quality.npy";
    static final String CONFIDENCE = "confidence.npy";
    /** Since the online loop; a snapshot without it holds reviews only (every kind 0). */
    static final String KIND = "kind.npy";

    static final String MAPPINGS = "mappings.json";
    static final String TRAINABLE_USER_INDEX = "trainable_user_index.npy";
    static final String TRAIN = "train";
    static final String TEST = "test";
    static final String TEST_ITEM = "item.npy";
    static final String TEST_RATING = "rating.npy";
    static final String TEST_TIMESTAMP = "timestamp.npy";
    static final String TEST_IS_POSITIVE = "is_positive.npy";
    static final String ITEM_POPULARITY = "item_popularity.npy";
    static final String STATS = "stats.json";
    static final String METADATA = "metadata.json";

    /** The three train matrices, by their file prefix. */
    enum Matrix {
        CONFIDENCE("confidence"),
        BINARY("binary"),
        HARD_NEGATIVES("hard_negatives");

        final String prefix;

        Matrix(String prefix) {
            this.prefix = prefix;
        }

        String indptr() {
            return prefix + "_indptr.npy";
        }

        String indices() {
            return prefix + "_indices.npy";
        }

        String data() {
            return prefix + "_data.npy";
        }
    }

    private SnapshotLayout() {}
}
