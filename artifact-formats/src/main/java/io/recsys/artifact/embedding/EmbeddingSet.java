package io.recsys.artifact.embedding;

import java.util.List;
import java.util.Map;

/**
 * Product-text embeddings: row r of {@code vectors} (row-major, {@code dimension} wide) belongs to
 * {@code itemIds[r]}, whose text had SHA-256 {@code textSha256[r]} (so an unchanged text can keep
 * its vector). The card says how the vectors were made (model, pooling, normalisation, counts).
 */
public record EmbeddingSet(
        List<String> itemIds, List<String> textSha256, float[] vectors, int dimension, Map<String, Object> card) {
    public EmbeddingSet {
        itemIds = List.copyOf(itemIds);
        textSha256 = List.copyOf(textSha256);
        if (textSha256.size() != itemIds.size()) {
            throw new IllegalArgumentException(itemIds.size() + " ids but " + textSha256.size() + " text hashes");
        }
        if (dimension < 1 || (long) itemIds.size() * dimension != vectors.length) {
            throw new IllegalArgumentException(
                    vectors.length + " values are not " + itemIds.size() + " × " + dimension);
        }
    }

    public int size() {
        return itemIds.size();
    }

    /** A copy of row {@code r}. */
    public float[] vector(int r) {
        float[] v = new float[dimension];
        System.arraycopy(vectors, r * dimension, v, 0, dimension);
        return v;
    }

    /** Which text each id was encoded from: enough to decide what to re-encode, without the vectors. */
    public record Texts(List<String> itemIds, List<String> textSha256) {}
}
