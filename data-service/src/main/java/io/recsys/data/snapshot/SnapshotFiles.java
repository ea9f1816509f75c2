package io.recsys.data.snapshot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-disk layout of a data snapshot. Arrays are NumPy {@code .npy} (little-endian), metadata JSON:
 * <pre>
 * interactions/{user,item,rating,timestamp,comment_quality,confidence}.npy  cleaned rows, arrival order
 * mappings.json        user_ids, item_ids (index = position), trainable_users (matrix rows), cold_start_users
 * train/{confidence,binary,hard_negatives}_{indptr,indices,data}.npy   CSR, rows = trainable users
 * test/{item,rating,timestamp,is_positive}.npy   one held-out interaction per matrix row
 * item_popularity.npy  interactions per item
 * stats.json           counts, sparsity, rating distribution, popularity, activity
 * metadata.json        mode, parent snapshot, input versions, shape
 * </pre>
 * In Python: {@code scipy.sparse.csr_matrix((data, indices, indptr), shape=(len(trainable_users), len(item_ids)))}.
 */
public final class SnapshotFiles {
    public static final String STATS = "stats.json";
    public static final String METADATA = "metadata.json";
    public static final String MAPPINGS = "mappings.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SnapshotFiles() {
    }

    public static void write(Path dir, Snapshot s, Map<String, Object> metadata) throws IOException {
        InteractionTable t = s.table();
        Path inter = Files.createDirectories(dir.resolve("interactions"));
        Npy.write(inter.resolve("user.npy"), t.user);
        Npy.write(inter.resolve("item.npy"), t.item);
        Npy.write(inter.resolve("rating.npy"), t.rating);
        Npy.write(inter.resolve("timestamp.npy"), t.timestamp);
        Npy.write(inter.resolve("comment_quality.npy"), t.quality);
        float[] confidence = new float[t.size()];
        for (int i = 0; i < confidence.length; i++) {
            confidence[i] = t.rating[i] + t.quality[i];
        }
        Npy.write(inter.resolve("confidence.npy"), confidence);

        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("user_ids", t.userIds);
        mappings.put("item_ids", t.itemIds);
        String[] trainable = new String[s.trainableUsers().length];
        for (int l = 0; l < trainable.length; l++) {
            trainable[l] = t.userIds.get(s.trainableUsers()[l]);
        }
        mappings.put("trainable_users", trainable);
        mappings.put("cold_start_users", s.coldStartUsers());
        JSON.writeValue(dir.resolve(MAPPINGS).toFile(), mappings);
        Npy.write(dir.resolve("trainable_user_index.npy"), s.trainableUsers());

        Path train = Files.createDirectories(dir.resolve("train"));
        writeCsr(train, "confidence", s.confidence());
        writeCsr(train, "binary", s.binary());
        writeCsr(train, "hard_negatives", s.hardNegatives());

        Path test = Files.createDirectories(dir.resolve("test"));
        Npy.write(test.resolve("item.npy"), s.testItem());
        Npy.write(test.resolve("rating.npy"), s.testRating());
        Npy.write(test.resolve("timestamp.npy"), s.testTimestamp());
        Npy.write(test.resolve("is_positive.npy"), s.testPositive());

        Npy.write(dir.resolve("item_popularity.npy"), s.itemPopularity());
        JSON.writeValue(dir.resolve(STATS).toFile(), s.stats());
        JSON.writeValue(dir.resolve(METADATA).toFile(), metadata);
    }

    private static void writeCsr(Path dir, String name, CsrMatrix m) throws IOException {
        Npy.write(dir.resolve(name + "_indptr.npy"), m.indptr());
        Npy.write(dir.resolve(name + "_indices.npy"), m.indices());
        Npy.write(dir.resolve(name + "_data.npy"), m.values());
    }

    public static CsrMatrix readCsr(Path snapshotDir, String name, int rows, int cols) throws IOException {
        Path train = snapshotDir.resolve("train");
        return new CsrMatrix(rows, cols, Npy.read(train.resolve(name + "_indptr.npy")).ints(),
                Npy.read(train.resolve(name + "_indices.npy")).ints(), Npy.read(train.resolve(name + "_data.npy")).floats());
    }

    /** Reads back the cleaned interactions, for an incremental update. */
    public static InteractionTable readTable(Path dir) throws IOException {
        Map<String, Object> mappings = readJson(dir.resolve(MAPPINGS));
        @SuppressWarnings("unchecked")
        List<String> users = (List<String>) mappings.get("user_ids");
        @SuppressWarnings("unchecked")
        List<String> items = (List<String>) mappings.get("item_ids");
        Path inter = dir.resolve("interactions");
        return new InteractionTable(users, items, Npy.read(inter.resolve("user.npy")).ints(),
                Npy.read(inter.resolve("item.npy")).ints(), Npy.read(inter.resolve("rating.npy")).floats(),
                Npy.read(inter.resolve("timestamp.npy")).longs(), Npy.read(inter.resolve("comment_quality.npy")).floats());
    }

    public static Map<String, Object> readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {
        });
    }
}
