package io.recsys.artifact.snapshot;

import static io.recsys.artifact.snapshot.SnapshotLayout.*;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.artifact.ArtifactFormatException;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of a data snapshot a stage needs, each checked against the others (lengths,
 * shapes, index ranges), so a damaged or foreign snapshot fails with the file and the problem
 * named instead of as a wrong model. Parts are read on demand; the mappings once.
 */
public final class SnapshotReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private SnapshotMappings mappings;

    private SnapshotReader(Path dir) {
        this.dir = dir;
    }

    /** A reader of the snapshot in {@code dir}; fails when it is not a directory. */
    public static SnapshotReader open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no data snapshot directory");
        }
        return new SnapshotReader(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The folder of the train matrices (CSR as .npy), for people to load in numpy. */
    public Path matricesDir() {
        return dir.resolve(TRAIN);
    }

    /** The statistics file, for people to read. */
    public Path statsFile() {
        return dir.resolve(STATS);
    }

    public SnapshotMappings mappings() throws IOException {
        if (mappings == null) {
            Path file = dir.resolve(MAPPINGS);
            Map<String, Object> m = json(file);
            List<String> users = strings(file, m, "user_ids", true);
            List<String> items = strings(file, m, "item_ids", true);
            List<String> trainable = strings(file, m, "trainable_users", true);
            List<String> cold = strings(file, m, "cold_start_users", false);
            mappings = new SnapshotMappings(users, items, trainable, cold);
        }
        return mappings;
    }

    /** The cleaned interactions (without the derived confidence column). */
    public SnapshotInteractions interactions() throws IOException {
        SnapshotMappings m = mappings();
        Path d = dir.resolve(INTERACTIONS);
        int[] user = ints(d.resolve(USER));
        int n = user.length;
        int[] item = length(d.resolve(ITEM), ints(d.resolve(ITEM)), n, USER);
        float[] rating = length(d.resolve(RATING), floats(d.resolve(RATING)), n, USER);
        long[] timestamp = length(d.resolve(TIMESTAMP), longs(d.resolve(TIMESTAMP)), n, USER);
        float[] quality = length(d.resolve(COMMENT_QUALITY), floats(d.resolve(COMMENT_QUALITY)), n, USER);
        // Absent in snapshots written before the online loop: every row was a review.
        int[] kind =
                Files.exists(d.resolve(KIND)) ? length(d.resolve(KIND), ints(d.resolve(KIND)), n, USER) : new int[n];
        inRange(d.resolve(USER), "user", user, m.userIds().size());
        inRange(d.resolve(ITEM), "item", item, m.itemIds().size());
        knownKinds(d.resolve(KIND), kind);
        return new SnapshotInteractions(m.userIds(), m.itemIds(), user, item, rating, timestamp, quality, kind);
    }

    /** The three train matrices, shaped trainable users × items. */
    public TrainMatrices train() throws IOException {
        SnapshotMappings m = mappings();
        int rows = m.trainableUsers().size();
        int cols = m.itemIds().size();
        return new TrainMatrices(
                csr(Matrix.CONFIDENCE, rows, cols),
                csr(Matrix.BINARY, rows, cols),
                csr(Matrix.HARD_NEGATIVES, rows, cols));
    }

    /** The held-out interaction of each matrix row. */
    public HeldOutTest heldOut() throws IOException {
        SnapshotMappings m = mappings();
        int rows = m.trainableUsers().size();
        Path d = dir.resolve(TEST);
        int[] item = length(d.resolve(TEST_ITEM), ints(d.resolve(TEST_ITEM)), rows, "trainable_users of " + MAPPINGS);
        inRange(d.resolve(TEST_ITEM), "item", item, m.itemIds().size());
        int[] positive = length(
                d.resolve(TEST_IS_POSITIVE), ints(d.resolve(TEST_IS_POSITIVE)), rows, "trainable_users of " + MAPPINGS);
        float[] rating = length(d.resolve(TEST_RATING), floats(d.resolve(TEST_RATING)), rows, TEST_ITEM);
        long[] time = length(d.resolve(TEST_TIMESTAMP), longs(d.resolve(TEST_TIMESTAMP)), rows, TEST_ITEM);
        return new HeldOutTest(item, rating, time, positive);
    }

    public int[] itemPopularity() throws IOException {
        Path file = dir.resolve(ITEM_POPULARITY);
        return length(file, ints(file), mappings().itemIds().size(), "item_ids of " + MAPPINGS);
    }

    public int[] trainableUserIndex() throws IOException {
        Path file = dir.resolve(TRAINABLE_USER_INDEX);
        int[] index = length(file, ints(file), mappings().trainableUsers().size(), "trainable_users of " + MAPPINGS);
        inRange(file, "user", index, mappings().userIds().size());
        return index;
    }

    public Map<String, Object> stats() throws IOException {
        return json(dir.resolve(STATS));
    }

    public Map<String, Object> metadata() throws IOException {
        return json(dir.resolve(METADATA));
    }

    /** Everything, for a round trip or an incremental update that rewrites the whole snapshot. */
    public SnapshotContent readAll() throws IOException {
        return new SnapshotContent(
                interactions(),
                trainableUserIndex(),
                mappings().coldStartUsers(),
                train(),
                heldOut(),
                itemPopularity(),
                stats(),
                metadata());
    }

    private CsrMatrix csr(Matrix which, int rows, int cols) throws IOException {
        Path d = dir.resolve(TRAIN);
        int[] indptr = ints(d.resolve(which.indptr()));
        int[] indices = ints(d.resolve(which.indices()));
        float[] data = floats(d.resolve(which.data()));
        try {
            return new CsrMatrix(rows, cols, indptr, indices, data);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFormatException(
                    d.resolve(which.indptr()),
                    "not a " + rows + " × " + cols + " "
                            + which.prefix + " matrix (rows = trainable_users, columns = item_ids of " + MAPPINGS
                            + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private static Map<String, Object> json(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (JacksonException e) {
            throw new ArtifactFormatException(file, "not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> strings(Path file, Map<String, Object> m, String field, boolean required)
            throws ArtifactFormatException {
        Object v = m.get(field);
        if (v == null) {
            if (required) {
                throw new ArtifactFormatException(file, "field " + field + " is missing");
            }
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ArtifactFormatException(file, "field " + field + " is not a list");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String)) {
                throw new ArtifactFormatException(
                        file, "field " + field + ", entry " + i + " is not a string: " + list.get(i));
            }
        }
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings;
    }

    private static Npy.Array array(Path file, Npy.DType expected) throws IOException {
        Npy.Array a = Npy.read(file);
        if (a.dtype() != expected) {
            throw new ArtifactFormatException(file, "holds " + a.dtype() + ", expected " + expected);
        }
        if (a.shape().length != 1) {
            throw new ArtifactFormatException(file, "is not one-dimensional");
        }
        return a;
    }

    private static int[] ints(Path file) throws IOException {
        return array(file, Npy.DType.INT32).ints();
    }

    private static float[] floats(Path file) throws IOException {
        return array(file, Npy.DType.FLOAT32).floats();
    }

    private static long[] longs(Path file) throws IOException {
        return array(file, Npy.DType.INT64).longs();
    }

    private static <T> T length(Path file, T array, int expected, String against) throws ArtifactFormatException {
        int n = java.lang.reflect.Array.getLength(array);
        if (n != expected) {
            throw new ArtifactFormatException(
                    file, "has " + n + " entries, expected " + expected + " (as " + against + ")");
        }
        return array;
    }

    private static void inRange(Path file, String field, int[] index, int size) throws ArtifactFormatException {
        for (int row = 0; row < index.length; row++) {
            if (index[row] < 0 || index[row] >= size) {
                throw new ArtifactFormatException(
                        file,
                        "row " + row + ": " + field + " index " + index[row] + " is outside the " + size + " ids of "
                                + MAPPINGS);
            }
        }
    }

    private static void knownKinds(Path file, int[] kind) throws ArtifactFormatException {
        for (int row = 0; row < kind.length; row++) {
            if (InteractionKind.ofCode(kind[row]) == null) {
                throw new ArtifactFormatException(
                        file,
                        "row " + row + ": kind " + kind[row] + " is not one this version knows (0.."
                                + (InteractionKind.values().length - 1) + ")");
            }
        }
    }
}
