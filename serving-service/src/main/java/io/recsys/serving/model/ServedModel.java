package io.recsys.serving.model;

import io.recsys.math.Factors;
import io.recsys.math.retrieval.QuantizedItems;
import io.recsys.model.ModelContent;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated model ready to answer requests: the content plus lookup structures built once at
 * load time (id → row maps, items by popularity, item norms for similarity). Immutable, so a swap
 * is one reference write and a request keeps the model it started with.
 */
public final class ServedModel {
    private final ModelContent content;
    private final String manifestSha256;
    private final Instant loadedAt;
    private final Map<String, Integer> userRow;
    private final Map<String, Integer> itemRow;
    private final Set<String> coldStart;
    private final int[] byPopularity;
    private final float[] itemNorms;
    private final QuantizedItems compactItems;

    public ServedModel(ModelContent content, String manifestSha256, Instant loadedAt) {
        this.content = content;
        this.manifestSha256 = manifestSha256;
        this.loadedAt = loadedAt;
        this.userRow = index(content.userIds());
        this.itemRow = index(content.itemIds());
        this.coldStart = new HashSet<>(content.coldStartUsers());
        int[] pop = content.itemPopularity();
        // Most popular first; ties by row so the order is stable across replicas.
        this.byPopularity = java.util.stream.IntStream.range(0, pop.length)
                .boxed()
                .sorted((a, b) -> pop[a] != pop[b] ? Integer.compare(pop[b], pop[a]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue)
                .toArray();
        Factors items = content.items();
        int k = items.k();
        // A byte per factor (a quarter of the float table) that fits in cache: every item is scored
        // from it, and only the few that could be in the top k are scored exactly (ExactTopK).
        this.compactItems = QuantizedItems.of(items);
        int taste = content.tasteColumns();
        this.itemNorms = new float[items.rows()];
        for (int i = 0; i < itemNorms.length; i++) {
            double s = 0;
            for (int f = 0; f < taste; f++) {
                double v = items.data()[i * k + f];
                s += v * v;
            }
            itemNorms[i] = (float) Math.sqrt(s);
        }
    }

    private static Map<String, Integer> index(List<String> ids) {
        Map<String, Integer> m = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            m.put(ids.get(i), i);
        }
        return m;
    }

    public String modelId() {
        return content.modelId();
    }

    public String modelType() {
        return content.modelType();
    }

    public ModelContent content() {
        return content;
    }

    public String manifestSha256() {
        return manifestSha256;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Row of a user, or -1. */
    public int userRow(String userId) {
        return userRow.getOrDefault(userId, -1);
    }

    /** Row of an item, or -1. */
    public int itemRow(String itemId) {
        return itemRow.getOrDefault(itemId, -1);
    }

    public boolean isColdStart(String userId) {
        return coldStart.contains(userId);
    }

    public int[] itemsByPopularity() {
        return byPopularity;
    }

    public float itemNorm(int row) {
        return itemNorms[row];
    }

    /** The item table compressed for candidate scoring. */
    public QuantizedItems compactItems() {
        return compactItems;
    }

    public int itemCount() {
        return content.items().rows();
    }

    @Override
    public String toString() {
        return modelId() + " (" + content.userIds().size() + " users, "
                + content.itemIds().size() + " items, k="
                + content.items().k() + ", manifest " + manifestSha256.substring(0, 12) + ", popularity head "
                + Arrays.toString(Arrays.copyOf(byPopularity, Math.min(3, byPopularity.length))) + ")";
    }
}
