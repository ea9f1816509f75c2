package io.recsys.artifact.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/** Writes {@link SampleSnapshot} (for {@code WriteFormatFixtures}). */
public final class SnapshotFixtures {
    private SnapshotFixtures() {}

    public static void write(Path dir) throws IOException {
        SnapshotWriter.write(dir, SampleSnapshot.content());
    }
}
