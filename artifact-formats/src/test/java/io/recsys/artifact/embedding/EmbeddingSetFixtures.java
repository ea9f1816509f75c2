package io.recsys.artifact.embedding;

import java.io.IOException;
import java.nio.file.Path;

/** Writes {@link SampleEmbeddingSet} (for {@code WriteFormatFixtures}). */
public final class EmbeddingSetFixtures {
    private EmbeddingSetFixtures() {}

    public static void write(Path dir) throws IOException {
        EmbeddingSetWriter.write(dir, SampleEmbeddingSet.set());
    }
}
