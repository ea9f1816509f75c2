package io.recsys.artifact;

import io.recsys.artifact.embedding.EmbeddingSetFixtures;
import io.recsys.artifact.snapshot.SnapshotFixtures;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the compatibility fixtures of this module's formats into {@code args[0]}. Run it once when
 * a format gets a new version, commit the output as a new {@code fixtures/<format>-v<N>} folder,
 * and keep the old folders: each must go on loading.
 */
public final class WriteFormatFixtures {
    private WriteFormatFixtures() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        SnapshotFixtures.write(Files.createDirectories(out.resolve("snapshot-v1")));
        EmbeddingSetFixtures.write(Files.createDirectories(out.resolve("embedding-set-v1")));
    }
}
