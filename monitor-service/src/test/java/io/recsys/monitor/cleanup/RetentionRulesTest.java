package io.recsys.monitor.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.config.PipelineConfig;
import io.recsys.monitor.config.MonitorConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file rules of the cleanup, on a temporary directory: rotation, backup protection, empty directories. */
class RetentionRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");

    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return p;
    }

    private static String stamp(Instant at) {
        return StampedFiles.STAMP.format(at);
    }

    private List<String> removed(List<Removal> removals) {
        return removals.stream()
                .map(r -> Path.of(r.target()).getFileName().toString())
                .toList();
    }

    @Test
    void onlyFilesNamedAsDataServiceNamesThemAreRotatedAndTheirStampNotTheirMtimeIsTheirAge() throws Exception {
        Path backups = dir.resolve("raw/backups");
        for (int i = 0; i < 4; i++) {
            Path b = file("raw/backups/data_backup_" + stamp(NOW.minus(Duration.ofDays(10 - i))) + ".csv", "v" + i);
            // Copied with the raw file's attributes: the mtimes say nothing about the order.
            Files.setLastModifiedTime(b, FileTime.from(NOW.minus(Duration.ofDays(i))));
        }
        file("raw/backups/data_backup_manual.csv", "an operator's copy");
        file("raw/backups/notes.txt", "x");
        file("raw/backups/data_backup_20261399T000000Z.csv", "no date");
        List<StampedFiles.Entry> entries = StampedFiles.list(backups, StampedFiles.BACKUP);
        assertThat(entries).hasSize(4).allMatch(e -> e.series().equals("data.csv"));

        Map<String, String> kept = new LinkedHashMap<>();
        List<Removal> out = StampedFiles.rotate(
                RemovalKind.RAW_BACKUP, entries, 2, Duration.ZERO, NOW, (e, newest) -> Optional.empty(), kept);
        assertThat(removed(out))
                .containsExactly(
                        "data_backup_" + stamp(NOW.minus(Duration.ofDays(9))) + ".csv",
                        "data_backup_" + stamp(NOW.minus(Duration.ofDays(10))) + ".csv");
        // Everything younger than the retention stays too.
        assertThat(StampedFiles.rotate(
                        RemovalKind.RAW_BACKUP,
                        entries,
                        2,
                        Duration.ofDays(11),
                        NOW,
                        (e, newest) -> Optional.empty(),
                        kept))
                .isEmpty();
    }

    @Test
    void aBackupOfTheCurrentRawFileOrOfAProtectedSnapshotsInputStaysAndSoDoesTheNewestWithKeepZero() throws Exception {
        Path rawDir = dir.resolve("raw");
        Path raw = file("raw/data.csv", "restored content");
        Path copyOfRaw =
                file("raw/backups/data_backup_" + stamp(NOW.minus(Duration.ofDays(30))) + ".csv", "restored content");
        Path snapshotInput = file(
                "raw/backups/data_backup_" + stamp(NOW.minus(Duration.ofDays(20))) + ".csv",
                "what snapshot s7 was built from");
        Path plain =
                file("raw/backups/data_backup_" + stamp(NOW.minus(Duration.ofDays(10))) + ".csv", "other!!!!!!!!!!!");
        Path newest = file("raw/backups/data_backup_" + stamp(NOW.minus(Duration.ofDays(1))) + ".csv", "latest");
        RawBackupGuard guard = new RawBackupGuard(
                rawDir,
                Map.of(ArtifactStore.sha256(snapshotInput), "the raw input of snapshot s7 (the drift baseline)"));
        Map<String, String> kept = new LinkedHashMap<>();
        List<Removal> out = StampedFiles.rotate(
                RemovalKind.RAW_BACKUP,
                StampedFiles.list(rawDir.resolve("backups"), StampedFiles.BACKUP),
                0,
                Duration.ZERO,
                NOW,
                guard,
                kept);
        assertThat(out).extracting(Removal::target).containsExactly(plain.toString());
        assertThat(kept).containsOnlyKeys(copyOfRaw.toString(), snapshotInput.toString(), newest.toString());
        assertThat(kept.get(copyOfRaw.toString())).contains("a copy of the current raw file data.csv");
        assertThat(kept.get(snapshotInput.toString())).contains("snapshot s7");
        assertThat(kept.get(newest.toString())).contains("before the latest merge");
        assertThat(raw).exists();
    }

    @Test
    void quarantineFilesAreOneSeriesNamedByTheirRun() throws Exception {
        String run = "0b5e6a44-2f0c-4a53-9d8e-1a2b3c4d5e6f";
        file("quarantine/" + stamp(NOW.minus(Duration.ofDays(40))) + "_" + run + ".csv", "x");
        file("quarantine/" + stamp(NOW.minus(Duration.ofDays(41))) + "_1b5e6a44-2f0c-4a53-9d8e-1a2b3c4d5e6f.csv", "x");
        file("quarantine/readme.csv", "x");
        List<StampedFiles.Entry> entries = StampedFiles.list(dir.resolve("quarantine"), StampedFiles.QUARANTINE);
        assertThat(entries).hasSize(2).extracting(StampedFiles.Entry::run).contains(run);
        Map<String, String> kept = new LinkedHashMap<>();
        List<Removal> out = StampedFiles.rotate(
                RemovalKind.QUARANTINE,
                entries,
                0,
                Duration.ofDays(30),
                NOW,
                (e, newest) -> run.equals(e.run()) ? Optional.of("current snapshot's run") : Optional.empty(),
                kept);
        assertThat(removed(out))
                .containsExactly(stamp(NOW.minus(Duration.ofDays(41))) + "_1b5e6a44-2f0c-4a53-9d8e-1a2b3c4d5e6f.csv");
    }

    @Test
    void directoriesLeftEmptyGoDeepestFirstButNeverTheRootAHiddenOneOrAFreshEmptyOne() throws Exception {
        Path root = dir.resolve("logs");
        Path old = file("logs/training/old.log", "x");
        Path nested = Files.createDirectories(root.resolve("a/b"));
        Files.setLastModifiedTime(nested, FileTime.from(NOW.minus(Duration.ofDays(2))));
        Path fresh = Files.createDirectories(root.resolve("fresh"));
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofMinutes(5))));
        Path busy = file("logs/busy/.x.log.tmp-1", "being written");
        Path kept = file("logs/serving/new.log", "x");
        Files.createDirectories(root.resolve(".deleting-x"));
        List<Path> out = new ArrayList<>();
        EmptyDirectories.plan(root, Set.of(old), NOW, out);
        assertThat(out).containsExactly(root.resolve("a/b"), root.resolve("a"), root.resolve("training"));
        assertThat(out).doesNotContain(root, fresh, busy.getParent(), kept.getParent());
        out.clear();
        EmptyDirectories.plan(root, Set.of(), NOW, out);
        assertThat(out).as("training still holds its log").containsExactly(root.resolve("a/b"), root.resolve("a"));
    }

    /** A configuration interface answering {@code values} by method name, defaults otherwise. */
    private static <T> T config(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, m, args) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            if (m.getReturnType() == int.class) {
                return 5;
            }
            if (m.getReturnType() == Duration.class) {
                return Duration.ofDays(30);
            }
            if (m.getReturnType() == Optional.class) {
                return Optional.empty();
            }
            throw new UnsupportedOperationException(m.getName());
        }));
    }

    private static AlertLogRetentionCheck check(Duration alertLogRetention) {
        MonitorConfig monitor = config(
                MonitorConfig.class,
                Map.of(
                        "cleanup",
                        config(MonitorConfig.Cleanup.class, Map.of("alertLogRetention", alertLogRetention)),
                        "health",
                        config(MonitorConfig.Health.class, Map.of("alertRepeatAfter", Duration.ofHours(6)))));
        PipelineConfig pipeline = config(
                PipelineConfig.class,
                Map.of("alerts", config(PipelineConfig.Alerts.class, Map.of("dedupWindow", Duration.ofHours(1)))));
        return new AlertLogRetentionCheck(monitor, pipeline);
    }

    @Test
    void anAlertLogRetentionShorterThanTheLongestAlertWindowIsRefusedNamingTheKeys() {
        // The health check's repeat window (6 h) reads alert_log: a 2-hour retention would make alerts repeat.
        assertThat(check(Duration.ofHours(2)).problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("monitor.cleanup.alert-log-retention")
                        .contains("monitor.health.alert-repeat-after")
                        .contains("PT6H"));
        assertThat(check(Duration.ofHours(6)).problem()).isEmpty();
        // negative counts and ages stop start-up too (annotations; BadMonitorSettingsTest)
    }
}
