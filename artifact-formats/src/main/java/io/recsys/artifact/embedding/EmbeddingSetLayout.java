package io.recsys.artifact.embedding;

import java.util.List;

/**
 * The files of an embedding set directory:
 * <pre>
 * item_ids.json        product ids, row order
 * text_sha256.json     SHA-256 of each product's text, row order
 * embeddings.npy       n × d float32, L2-normalised rows
 * embedding_card.json  model, dimension, pooling, max length, counts, source, creation time
 * rejected_products.csv  (only when rows were rejected) file, line, field, reason, value
 * </pre>
 */
public final class EmbeddingSetLayout {
    static final String ITEM_IDS = "item_ids.json";
    static final String TEXT_SHA256 = "text_sha256.json";
    static final String VECTORS = "embeddings.npy";
    static final String CARD = "embedding_card.json";
    static final String REJECTED = "rejected_products.csv";

    /** What a consumer of the vectors reads: a set whose copies of these are equal holds the same vectors. */
    public static final List<String> VECTOR_CONTENT = List.of(ITEM_IDS, VECTORS);

    private EmbeddingSetLayout() {}
}
