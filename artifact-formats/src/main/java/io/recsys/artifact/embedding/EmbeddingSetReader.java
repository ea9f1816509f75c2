package io.recsys.artifact.embedding;

import static io.recsys.artifact.embedding.EmbeddingSetLayout.*;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.artifact.ArtifactFormatException;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an embedding set, checking that ids, hashes and vectors agree. */
public final class EmbeddingSetReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddingSetReader() {}

    public static EmbeddingSet read(Path dir) throws IOException {
        EmbeddingSet.Texts texts = readTexts(dir);
        Path file = dir.resolve(VECTORS);
        Npy.Array a = Npy.read(file);
        if (a.dtype() != Npy.DType.FLOAT32 || a.shape().length != 2) {
            throw new ArtifactFormatException(
                    file,
                    "holds " + a.dtype() + " of shape " + Arrays.toString(a.shape())
                            + ", expected a 2-D FLOAT32 matrix");
        }
        if (a.shape()[0] != texts.itemIds().size()) {
            throw new ArtifactFormatException(
                    file,
                    "has " + a.shape()[0] + " rows for the " + texts.itemIds().size() + " ids of " + ITEM_IDS);
        }
        if (a.shape()[1] < 1) {
            throw new ArtifactFormatException(file, "has no columns");
        }
        Map<String, Object> card = json(dir.resolve(CARD), new TypeReference<>() {});
        return new EmbeddingSet(texts.itemIds(), texts.textSha256(), a.floats(), a.shape()[1], card);
    }

    /** The ids and text hashes alone (no vectors). */
    public static EmbeddingSet.Texts readTexts(Path dir) throws IOException {
        Path idsFile = dir.resolve(ITEM_IDS);
        List<String> ids = json(idsFile, new TypeReference<>() {});
        Set<String> seen = new HashSet<>();
        for (int r = 0; r < ids.size(); r++) {
            if (ids.get(r) == null || !seen.add(ids.get(r))) {
                throw new ArtifactFormatException(
                        idsFile, "entry " + r + " is " + (ids.get(r) == null ? "null" : "a repeated id " + ids.get(r)));
            }
        }
        Path hashFile = dir.resolve(TEXT_SHA256);
        List<String> hashes = json(hashFile, new TypeReference<>() {});
        if (hashes.size() != ids.size()) {
            throw new ArtifactFormatException(
                    hashFile, "has " + hashes.size() + " entries for the " + ids.size() + " ids of " + ITEM_IDS);
        }
        return new EmbeddingSet.Texts(ids, hashes);
    }

    private static <T> T json(Path file, TypeReference<T> type) throws IOException {
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (JacksonException e) {
            throw new ArtifactFormatException(file, "unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }
}
