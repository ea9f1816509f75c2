package io.recsys.monitor.cleanup;

import io.recsys.core.artifact.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which raw-file backups must stay. A backup is the raw file as it was before one merge, so:
 * <ul>
 * <li>the newest backup of each raw file — the raw file before the latest merge; restoring it undoes
 *     that merge;</li>
 * <li>a backup with the same SHA-256 as the raw file now — a copy of the current raw file (a merge
 *     that stopped between backup and rename, or a raw file restored from a backup);</li>
 * <li>a backup with the raw-interactions SHA-256 a protected data snapshot recorded
 *     ({@code input_versions.raw_interactions_sha256}) — the raw input of the current snapshot, the
 *     drift baseline or a protected model's training data.</li>
 * </ul>
 * Only backups the rotation would otherwise remove are hashed: a backup is a full copy of the raw file.
 */
final class RawBackupGuard implements StampedFiles.Guard {
    private final Path rawDir;
    private final Map<String, String> snapshotDigests;
    private final Map<Path, String> rawDigests = new HashMap<>();

    /** {@code snapshotDigests}: raw digest → why (the snapshot that recorded it). */
    RawBackupGuard(Path rawDir, Map<String, String> snapshotDigests) {
        this.rawDir = rawDir;
        this.snapshotDigests = snapshotDigests;
    }

    @Override
    public Optional<String> protects(StampedFiles.Entry backup, boolean newest) throws IOException {
        Path raw = rawDir.resolve(backup.series());
        if (newest) {
            return Optional.of("the newest backup of " + raw.getFileName() + ": the raw file before the latest merge");
        }
        // Same content needs the same size: the raw file is hashed only then.
        boolean sameSizeAsRaw = Files.isRegularFile(raw) && Files.size(raw) == backup.size();
        if (!sameSizeAsRaw && snapshotDigests.isEmpty()) {
            return Optional.empty();
        }
        String digest = ArtifactStore.sha256(backup.path());
        if (sameSizeAsRaw && rawDigest(raw).equals(digest)) {
            return Optional.of("a copy of the current raw file " + raw.getFileName());
        }
        return Optional.ofNullable(snapshotDigests.get(digest));
    }

    private String rawDigest(Path raw) throws IOException {
        String known = rawDigests.get(raw);
        if (known == null) {
            known = ArtifactStore.sha256(raw);
            rawDigests.put(raw, known);
        }
        return known;
    }
}
