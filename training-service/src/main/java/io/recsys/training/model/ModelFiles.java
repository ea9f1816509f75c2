package io.recsys.training.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.math.Factors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a published model: {@code user_factors.npy}, {@code item_factors.npy} (float32,
 * rows x k), {@code mappings.json} (user_ids, item_ids: row i is that id) and {@code model_card.json}
 * (type, hyper-parameters, seed, data snapshot, metrics, baseline, provenance). Serving needs
 * nothing else.
 */
public final class ModelFiles {
    public static final String CARD = "model_card.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public record Loaded(Factors users, Factors items, List<String> userIds, List<String> itemIds,
                         Map<String, Object> card) {
    }

    private ModelFiles() {
    }

    public static void write(Path dir, Factors users, Factors items, List<String> userIds, List<String> itemIds,
                             Map<String, Object> card) throws IOException {
        Checkpoints.write(dir.resolve("user_factors.npy"), users);
        Checkpoints.write(dir.resolve("item_factors.npy"), items);
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("user_ids", userIds);
        mappings.put("item_ids", itemIds);
        JSON.writeValue(dir.resolve("mappings.json").toFile(), mappings);
        JSON.writeValue(dir.resolve(CARD).toFile(), card);
    }

    public static Loaded read(Path dir) throws IOException {
        Map<String, Object> mappings = JSON.readValue(dir.resolve("mappings.json").toFile(),
                new TypeReference<Map<String, Object>>() {
                });
        @SuppressWarnings("unchecked")
        List<String> userIds = (List<String>) mappings.get("user_ids");
        @SuppressWarnings("unchecked")
        List<String> itemIds = (List<String>) mappings.get("item_ids");
        Map<String, Object> card = JSON.readValue(dir.resolve(CARD).toFile(), new TypeReference<Map<String, Object>>() {
        });
        Factors users = Checkpoints.read(dir.resolve("user_factors.npy"));
        Factors items = Checkpoints.read(dir.resolve("item_factors.npy"));
        if (users.rows() != userIds.size() || items.rows() != itemIds.size()) {
            throw new IOException(dir + ": factor rows do not match the id mappings");
        }
        return new Loaded(users, items, userIds, itemIds, card);
    }

    /** Row of each current id in the model's mapping, -1 when the model does not know it. */
    public static int[] rowsOf(List<String> current, List<String> model) {
        Map<String, Integer> index = new java.util.HashMap<>(model.size() * 2);
        for (int i = 0; i < model.size(); i++) {
            index.put(model.get(i), i);
        }
        int[] rows = new int[current.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = index.getOrDefault(current.get(i), -1);
        }
        return rows;
    }
}
