package io.recsys.artifact.embedding;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Three products in two dimensions; {@code fixtures/embedding-set-v1} was written from it. */
final class SampleEmbeddingSet {
    private SampleEmbeddingSet() {}

    static EmbeddingSet set() {
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("id", "20261203T000000Z-abcdef12");
        card.put("model", "all-MiniLM-L6-v2");
        card.put("dimension", 2);
        card.put("pooling", "mean");
        card.put("normalized", true);
        card.put("products", 3);
        return new EmbeddingSet(
                List.of("p1", "p2", "p3"), List.of("aa", "bb", "cc"), new float[] {1, 0, 0.6f, 0.8f, 0, -1}, 2, card);
    }
}
