package io.recsys.monitor;

import io.recsys.core.artifact.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What data-service leaves on the volume after a series of staging merges, laid out file by file
 * as {@code RawFileMerger} and {@code DataRefreshStage} write them (data-service's code is not
 * available to monitor tests): per merge a backup {@code <raw>/backups/<stem>_backup_<stamp>.csv}
 * of the raw file as it was before (copied with its attributes, so its mtime is the previous
 * merge's), the batch moved to {@code <staging>/archived/<stem>_<stamp>.csv} (a move keeps the mtime
 * of when ingestion wrote it), a quarantine file {@code quarantine/<stamp>_<run>.csv}, and the raw
 * file replaced by the merged one.
 */
final class MergedHome {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** One merge: when, its run, the files it wrote, and the raw file's content after it. */
    record Merge(Instant at, UUID run, Path backup, Path archived, Path quarantine, String rawAfter) {}

    private MergedHome() {}

    /**
     * {@code merges} merges into {@code <home>/raw/<rawName>}, the first at {@code first}, then one
     * every {@code every}.
     */
    static List<Merge> merge(Path home, String rawName, int merges, Instant first, Duration every) throws IOException {
        Path raw = home.resolve("raw").resolve(rawName);
        Path backups = Files.createDirectories(raw.resolveSibling("backups"));
        Path archived = Files.createDirectories(home.resolve("staging/archived"));
        Path quarantine = Files.createDirectories(home.resolve("quarantine"));
        String stem = rawName.substring(0, rawName.lastIndexOf('.'));
        String content = "user_id,product_id,rating,comment,cmt_date\nu0,p0,5,tốt,2024-01-01 10:00:00\n";
        Instant rawWritten = first.minus(Duration.ofDays(30));
        Files.writeString(raw, content);
        touch(raw, rawWritten);
        List<Merge> out = new ArrayList<>();
        for (int i = 0; i < merges; i++) {
            Instant at = first.plus(every.multipliedBy(i));
            UUID run = UUID.randomUUID();
            String stamp = STAMP.format(at);
            StringBuilder batch = new StringBuilder("user_id,product_id,rating,comment,timestamp\n");
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < 3; r++) {
                batch.append("u")
                        .append(i)
                        .append(',')
                        .append('p')
                        .append(r)
                        .append(",4,,")
                        .append(at.minusSeconds(3600 - r))
                        .append('\n');
                rows.append("u")
                        .append(i)
                        .append(",p")
                        .append(r)
                        .append(",4,,")
                        .append(at.minusSeconds(3600 - r))
                        .append('\n');
            }
            Path backup = backups.resolve(stem + "_backup_" + stamp + ".csv");
            Files.writeString(backup, content);
            touch(backup, rawWritten);
            Path batchFile = archived.resolve("new_interactions_" + stamp + ".csv");
            Files.writeString(batchFile, batch);
            touch(batchFile, at.minus(Duration.ofHours(3)));
            Path rejected = quarantine.resolve(stamp + "_" + run + ".csv");
            Files.writeString(
                    rejected,
                    "source_file,line,field,reason,detail,raw_row\nnew_interactions.csv,2,rating,"
                            + "OUT_OF_RANGE,7,\"u9,p9,7,,x\"\n");
            touch(rejected, at);
            content = content + rows;
            Files.writeString(raw, content);
            rawWritten = at;
            touch(raw, rawWritten);
            out.add(new Merge(at, run, backup, batchFile, rejected, content));
        }
        return out;
    }

    static String sha256(String content) {
        try {
            Path tmp = Files.createTempFile("content", ".csv");
            try {
                Files.writeString(tmp, content);
                return ArtifactStore.sha256(tmp);
            } finally {
                Files.delete(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void touch(Path p, Instant at) throws IOException {
        Files.setLastModifiedTime(p, FileTime.from(at));
    }
}
