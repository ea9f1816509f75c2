package io.recsys.artifact.embedding;

import static io.recsys.artifact.embedding.EmbeddingSetLayout.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Path;

/** Writes an embedding set into a (staging) directory, in {@link EmbeddingSetLayout}'s layout. */
public final class EmbeddingSetWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EmbeddingSetWriter() {}

    public static void write(Path dir, EmbeddingSet set) throws IOException {
        JSON.writeValue(dir.resolve(ITEM_IDS).toFile(), set.itemIds());
        JSON.writeValue(dir.resolve(TEXT_SHA256).toFile(), set.textSha256());
        JSON.writeValue(dir.resolve(CARD).toFile(), set.card());
        Npy.writeMatrix(dir.resolve(VECTORS), set.vectors(), set.size(), set.dimension());
    }

    /** Where the set keeps the catalogue rows it was not built from (written by the stage, read by people). */
    public static Path rejectedRowsFile(Path dir) {
        return dir.resolve(REJECTED);
    }
}
