package io.recsys.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a published model directory. Factor tables and integer arrays are NumPy
 * {@code .npy} (float32 / int32, little-endian); the rest is JSON:
 * <pre>
 * user_factors.npy      users × k
 * item_factors.npy      items × k
 * mappings.json         user_ids, item_ids (row i is that id), cold_start_users
 * seen_indptr.npy       CSR row pointers of the users × items train interactions
 * seen_indices.npy      CSR column indices (item rows), increasing within a user
 * item_popularity.npy   train interactions per item row
 * model_card.json       model_id, model_type, params, seed, data_snapshot, metrics, baseline_metrics, provenance
 * </pre>
 * {@link #read} checks everything a server relies on and refuses the model with the file and the
 * reason otherwise; integrity (sizes and sha256) is the artifact manifest's job.
 */
public final class ModelArtifact {
    public static final String USER_FACTORS = "user_factors.npy";
    public static final String ITEM_FACTORS = "item_factors.npy";
    public static final String MAPPINGS = "mappings.json";
    public static final String SEEN_INDPTR = "seen_indptr.npy";
    public static final String SEEN_INDICES = "seen_indices.npy";
    public static final String POPULARITY = "item_popularity.npy";
    public static final String CARD = "model_card.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private ModelArtifact() {}

    public static void write(Path dir, ModelContent m) throws IOException {
        Npy.writeMatrix(
                dir.resolve(USER_FACTORS),
                m.users().data(),
                m.users().rows(),
                m.users().k());
        Npy.writeMatrix(
                dir.resolve(ITEM_FACTORS),
                m.items().data(),
                m.items().rows(),
                m.items().k());
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("user_ids", m.userIds());
        mappings.put("item_ids", m.itemIds());
        mappings.put("cold_start_users", m.coldStartUsers());
        JSON.writeValue(dir.resolve(MAPPINGS).toFile(), mappings);
        Npy.write(dir.resolve(SEEN_INDPTR), m.seen().indptr());
        Npy.write(dir.resolve(SEEN_INDICES), m.seen().indices());
        Npy.write(dir.resolve(POPULARITY), m.itemPopularity());
        JSON.writeValue(dir.resolve(CARD).toFile(), m.card());
    }

    /** Reads and validates a model directory; a model that would serve wrong answers is refused. */
    public static ModelContent read(Path dir) throws IOException {
        Map<String, Object> card = readJson(dir.resolve(CARD));
        Map<String, Object> mappings = readJson(dir.resolve(MAPPINGS));
        List<String> userIds = strings(dir.resolve(MAPPINGS), mappings, "user_ids");
        List<String> itemIds = strings(dir.resolve(MAPPINGS), mappings, "item_ids");
        List<String> cold = mappings.containsKey("cold_start_users")
                ? strings(dir.resolve(MAPPINGS), mappings, "cold_start_users")
                : List.of();
        unique(dir.resolve(MAPPINGS), "user_ids", userIds);
        unique(dir.resolve(MAPPINGS), "item_ids", itemIds);

        Factors users = factors(dir.resolve(USER_FACTORS), userIds.size());
        Factors items = factors(dir.resolve(ITEM_FACTORS), itemIds.size());
        if (users.k() != items.k()) {
            throw new InvalidModelException(
                    dir.resolve(ITEM_FACTORS),
                    "has " + items.k() + " columns but " + USER_FACTORS + " has " + users.k());
        }
        int[] indptr = ints(dir.resolve(SEEN_INDPTR));
        int[] indices = ints(dir.resolve(SEEN_INDICES));
        CsrMatrix seen;
        try {
            float[] ones = new float[indices.length];
            Arrays.fill(ones, 1f);
            seen = new CsrMatrix(userIds.size(), itemIds.size(), indptr, indices, ones);
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(
                    dir.resolve(SEEN_INDICES),
                    "not a " + userIds.size() + " × " + itemIds.size() + " matrix of seen items: " + e.getMessage(),
                    e);
        }
        int[] popularity = ints(dir.resolve(POPULARITY));
        if (popularity.length != itemIds.size()) {
            throw new InvalidModelException(
                    dir.resolve(POPULARITY), "has " + popularity.length + " entries for " + itemIds.size() + " items");
        }
        return new ModelContent(users, items, userIds, itemIds, cold, seen, popularity, card);
    }

    /** The id lists alone: what a caller needs to talk about a model without loading its factors. */
    public record Mappings(List<String> userIds, List<String> itemIds, List<String> coldStartUsers) {}

    public static Mappings readMappings(Path dir) throws IOException {
        Path file = dir.resolve(MAPPINGS);
        Map<String, Object> m = readJson(file);
        return new Mappings(
                strings(file, m, "user_ids"),
                strings(file, m, "item_ids"),
                m.containsKey("cold_start_users") ? strings(file, m, "cold_start_users") : List.of());
    }

    /** Row of each current id in the model's mapping, -1 when the model does not know it. */
    public static int[] rowsOf(List<String> current, List<String> model) {
        Map<String, Integer> index = new HashMap<>(model.size() * 2);
        for (int i = 0; i < model.size(); i++) {
            index.put(model.get(i), i);
        }
        int[] rows = new int[current.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = index.getOrDefault(current.get(i), -1);
        }
        return rows;
    }

    private static Factors factors(Path file, int expectedRows) throws IOException {
        Npy.Array a = npy(file);
        if (a.dtype() != Npy.DType.FLOAT32 || a.shape().length != 2) {
            throw new InvalidModelException(
                    file,
                    "expected a 2-D float32 table, found " + a.dtype() + " with shape " + Arrays.toString(a.shape()));
        }
        if (a.shape()[0] != expectedRows) {
            throw new InvalidModelException(
                    file, "has " + a.shape()[0] + " rows but " + MAPPINGS + " names " + expectedRows + " ids");
        }
        Factors f = new Factors(a.shape()[0], a.shape()[1], a.floats());
        float[] d = f.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                throw new InvalidModelException(
                        file, "non-finite value " + d[i] + " at row " + i / f.k() + ", column " + i % f.k());
            }
        }
        return f;
    }

    private static int[] ints(Path file) throws IOException {
        Npy.Array a = npy(file);
        if (a.dtype() != Npy.DType.INT32 || a.shape().length != 1) {
            throw new InvalidModelException(
                    file,
                    "expected a 1-D int32 array, found " + a.dtype() + " with shape " + Arrays.toString(a.shape()));
        }
        return a.ints();
    }

    private static Npy.Array npy(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file, "missing");
        }
        try {
            return Npy.read(file);
        } catch (IOException | RuntimeException e) {
            throw new InvalidModelException(file, "unreadable .npy (" + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Object> readJson(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidModelException(file, "missing");
        }
        try {
            return JSON.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new InvalidModelException(file, "unreadable JSON (" + e.getMessage() + ")", e);
        }
    }

    private static List<String> strings(Path file, Map<String, Object> json, String key) throws InvalidModelException {
        Object v = json.get(key);
        if (!(v instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof String))) {
            throw new InvalidModelException(file, "\"" + key + "\" must be a list of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static void unique(Path file, String key, List<String> ids) throws InvalidModelException {
        HashSet<String> seen = new HashSet<>(ids.size() * 2);
        for (String id : ids) {
            if (!seen.add(id)) {
                throw new InvalidModelException(file, "\"" + key + "\" names " + id + " twice");
            }
        }
    }
}
