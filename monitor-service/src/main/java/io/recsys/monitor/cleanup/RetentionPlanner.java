package io.recsys.monitor.cleanup;

import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Works out what the cleanup would remove, without touching anything: files past their retention,
 * checkpoints beyond the newest N per model type, model, snapshot and embedding-set artifacts beyond
 * the newest N (never a protected or current one), data-service's raw backups, archived staging
 * batches and quarantine files beyond the newest N and the retention (never a protected backup,
 * see {@link RawBackupGuard}), ledger rows past their retention, deployments beyond the newest N
 * per alias (never a protected one), and the directories all that leaves empty.
 */
@ApplicationScoped
public class RetentionPlanner {
    /** Ledger tables with their time column, finished rows only for the run ledger. */
    static final Map<String, String> LEDGER = ledger();

    /** What would go, and the files kept only because they are protected (path → why). */
    public record Plan(List<Removal> removals, Map<String, String> protectedFiles) {}

    private final MonitorConfig.Cleanup keep;
    private final ArtifactStore store;
    private final ModelRegistry registry;
    private final DeploymentHistory deployments;
    private final DataSource dataSource;

    public RetentionPlanner(
            MonitorConfig config,
            ArtifactStore store,
            ModelRegistry registry,
            DeploymentHistory deployments,
            DataSource dataSource) {
        this.keep = config.cleanup();
        this.store = store;
        this.registry = registry;
        this.deployments = deployments;
        this.dataSource = dataSource;
    }

    private static Map<String, String> ledger() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("pipeline_runs", "finished_at IS NOT NULL AND finished_at < ?");
        m.put("health_checks", "checked_at < ?");
        m.put("alert_log", "sent_at < ?");
        m.put("drift_reports", "created_at < ?");
        m.put("drift_verdicts", "decided_at < ?");
        m.put("service_health", "minute < ?");
        // The same minutes split by variant while a canary ran.
        m.put("variant_health", "minute < ?");
        // What serving showed; the online metrics keep their own daily aggregates.
        m.put("impressions", "served_at < ?");
        // Those daily aggregates: a few rows per model and day, kept like the rest of the ledger. A
        // row goes once its day is before the cutoff's date.
        m.put("online_metrics", "day < ?");
        // Shoppers' events: only those the current data snapshot already holds (below its watermark);
        // one not yet taken in is never deleted, however old. A full rebuild no longer sees the ones
        // gone: events-retention is the window of behaviour the model learns from.
        m.put(
                "events",
                "received_at < ? AND txid < (SELECT (a.summary ->> 'events_watermark')::xid8 FROM artifact_aliases al"
                        + " JOIN artifacts a ON a.kind = al.kind AND a.id = al.artifact_id"
                        + " WHERE al.kind = 'data-snapshot' AND al.alias = 'current')");
        // Per-iteration curves of old runs; the models' own metrics stay in model_versions.
        m.put("training_iterations", "recorded_at < ?");
        // Honoured requests only: an open one is still owed a retrain.
        m.put("retrain_requests", "consumed_at IS NOT NULL AND consumed_at < ?");
        return m;
    }

    /** Everything {@code --type type} would remove now, in the order to remove it. */
    public Plan plan(Instant now, ProtectedArtifacts.Protected protect, String type) throws Exception {
        List<Removal> out = new ArrayList<>();
        Map<String, String> kept = new LinkedHashMap<>();
        Path home = store.root();
        List<Path> trees = new ArrayList<>();
        if (RemovalKind.LOG.selectedBy(type)) {
            olderFiles(out, home.resolve("logs"), ".log", now.minus(keep.logRetention()), RemovalKind.LOG);
            olderFiles(
                    out,
                    home.resolve("errors"),
                    ".json",
                    now.minus(keep.errorReportRetention()),
                    RemovalKind.ERROR_REPORT);
            olderFiles(out, home.resolve("reports"), ".json", now.minus(keep.reportRetention()), RemovalKind.REPORT);
            trees.addAll(List.of(home.resolve("logs"), home.resolve("errors"), home.resolve("reports")));
        }
        if (RemovalKind.CHECKPOINT.selectedBy(type)) {
            checkpoints(out);
            trees.add(home.resolve("checkpoints"));
        }
        if (RemovalKind.MODEL.selectedBy(type)) {
            models(out, protect);
        }
        if (RemovalKind.SNAPSHOT.selectedBy(type)) {
            snapshots(out, protect);
        }
        if (RemovalKind.EMBEDDING_SET.selectedBy(type)) {
            embeddingSets(out);
        }
        if (RemovalKind.RAW_BACKUP.selectedBy(type)) {
            trees.addAll(dataFiles(out, kept, protect, now));
        }
        if (RemovalKind.LEDGER_ROWS.selectedBy(type)) {
            ledgerRows(out, now);
            long rows = deployments.countPrunable(protect.deployments().keySet());
            if (rows > 0) {
                out.add(new Removal(
                        RemovalKind.LEDGER_ROWS,
                        DeploymentHistory.TABLE,
                        0,
                        rows,
                        "beyond the newest "
                                + deployments.kept()
                                + " per alias, none that an alias, a last success or a rollback target"
                                + " depends on"));
            }
        }
        Set<Path> gone = new HashSet<>();
        for (Removal r : out) {
            if (r.kind() != RemovalKind.LEDGER_ROWS) {
                gone.add(Path.of(r.target()));
            }
        }
        List<Path> empty = new ArrayList<>();
        for (Path tree : trees) {
            EmptyDirectories.plan(tree, gone, now, empty);
        }
        for (Path dir : empty) {
            out.add(new Removal(RemovalKind.EMPTY_DIRECTORY, dir.toString(), 0, 0, "empty after the cleanup"));
        }
        return new Plan(out, kept);
    }

    /**
     * data-service's leftovers: raw backups, archived staging batches, quarantine files.
     *
     * @return the directories they are in, for the empty-directory sweep
     */
    private List<Path> dataFiles(
            List<Removal> out, Map<String, String> kept, ProtectedArtifacts.Protected protect, Instant now)
            throws IOException {
        Path rawDir = keep.rawDir()
                .orElse(store.root().resolve("raw"))
                .toAbsolutePath()
                .normalize();
        Path stagingDir = keep.stagingDir()
                .orElse(store.root().resolve("staging"))
                .toAbsolutePath()
                .normalize();
        Path backups = rawDir.resolve("backups");
        Path archived = stagingDir.resolve("archived");
        Path quarantine = store.root().resolve("quarantine");
        out.addAll(StampedFiles.rotate(
                RemovalKind.RAW_BACKUP,
                StampedFiles.list(backups, StampedFiles.BACKUP),
                keep.rawBackupsKept(),
                keep.rawBackupRetention(),
                now,
                new RawBackupGuard(rawDir, protect.rawDigests()),
                kept));
        out.addAll(StampedFiles.rotate(
                RemovalKind.STAGING_ARCHIVE,
                StampedFiles.list(archived, StampedFiles.ARCHIVE),
                keep.stagingArchiveKept(),
                keep.stagingArchiveRetention(),
                now,
                (e, newest) -> Optional.empty(),
                kept));
        out.addAll(StampedFiles.rotate(
                RemovalKind.QUARANTINE,
                StampedFiles.list(quarantine, StampedFiles.QUARANTINE),
                keep.quarantineKept(),
                keep.quarantineRetention(),
                now,
                (e, newest) -> Optional.ofNullable(protect.quarantineRuns().get(e.run())),
                kept));
        return List.of(backups, archived, quarantine);
    }

    private static void olderFiles(List<Removal> out, Path dir, String suffix, Instant cutoff, RemovalKind kind)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList()) {
                Instant modified = Files.getLastModifiedTime(f).toInstant();
                if (modified.isBefore(cutoff)) {
                    out.add(new Removal(
                            kind, f.toString(), Files.size(f), 0, "last written " + modified + ", before " + cutoff));
                }
            }
        }
    }

    /** Checkpoint directories are named {@code <snapshot>.<model type>.<hash>.iter-NNNNN}. */
    private void checkpoints(List<Removal> out) throws IOException {
        Path area = store.root().resolve("checkpoints");
        if (!Files.isDirectory(area)) {
            return;
        }
        Map<String, List<Path>> byType = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(area)) {
            for (Path d : list.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                String[] parts = d.getFileName().toString().split("\\.");
                byType.computeIfAbsent(parts.length > 1 ? parts[1] : "unknown", k -> new ArrayList<>())
                        .add(d);
            }
        }
        for (Map.Entry<String, List<Path>> e : byType.entrySet()) {
            List<Path> newestFirst = new ArrayList<>(e.getValue());
            newestFirst.sort(Comparator.comparing(RetentionPlanner::modified).reversed());
            for (Path d :
                    newestFirst.subList(Math.min(keep.checkpointsPerType(), newestFirst.size()), newestFirst.size())) {
                out.add(new Removal(
                        RemovalKind.CHECKPOINT,
                        d.toString(),
                        size(d),
                        0,
                        "beyond the newest " + keep.checkpointsPerType() + " " + e.getKey() + " checkpoints"));
            }
        }
    }

    private void models(List<Removal> out, ProtectedArtifacts.Protected protect) throws Exception {
        Map<String, Integer> keptPerType = new LinkedHashMap<>();
        for (ModelVersion v : registry.recent(100_000)) { // newest first
            Path dir = Path.of(v.artifactPath());
            if (!Files.isDirectory(dir) || protect.models().containsKey(v.id())) {
                continue;
            }
            int kept = keptPerType.merge(v.type().name(), 1, Integer::sum);
            if (kept > keep.modelsPerType()) {
                out.add(new Removal(
                        RemovalKind.MODEL,
                        dir.toString(),
                        size(dir),
                        0,
                        v.id() + " (" + v.state() + "): beyond the newest " + keep.modelsPerType() + " unprotected "
                                + v.type() + " models"));
            }
        }
    }

    private void snapshots(List<Removal> out, ProtectedArtifacts.Protected protect) throws Exception {
        int kept = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT a.id, a.path, EXISTS (SELECT 1 FROM artifact_aliases al WHERE al.kind = a.kind"
                                + " AND al.artifact_id = a.id) FROM artifacts a WHERE a.kind = '"
                                + ArtifactKind.DATA_SNAPSHOT.id() + "'"
                                + " ORDER BY a.created_at DESC, a.id DESC");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1);
                Path dir = Path.of(rs.getString(2));
                // One an alias names stays (and its row could not be deleted while the alias refers to it).
                if (protect.snapshots().containsKey(id) || rs.getBoolean(3)) {
                    continue;
                }
                if (++kept > keep.snapshots()) {
                    out.add(new Removal(
                            RemovalKind.SNAPSHOT,
                            dir.toString(),
                            Files.isDirectory(dir) ? size(dir) : 0,
                            0,
                            id + ": beyond the newest " + keep.snapshots() + " unreferenced snapshots"));
                }
            }
        }
    }

    /** Embedding sets beyond the newest N; one an alias points to (the current set) always stays. */
    private void embeddingSets(List<Removal> out) throws Exception {
        int kept = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT a.id, a.path, EXISTS (SELECT 1 FROM artifact_aliases al WHERE al.kind = a.kind"
                                + " AND al.artifact_id = a.id) FROM artifacts a WHERE a.kind = '"
                                + ArtifactKind.EMBEDDING_SET.id() + "'"
                                + " ORDER BY a.created_at DESC, a.id DESC");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getBoolean(3)) {
                    continue;
                }
                Path dir = Path.of(rs.getString(2));
                if (++kept > keep.embeddingSets()) {
                    out.add(new Removal(
                            RemovalKind.EMBEDDING_SET,
                            dir.toString(),
                            Files.isDirectory(dir) ? size(dir) : 0,
                            0,
                            rs.getString(1) + ": beyond the newest " + keep.embeddingSets() + " embedding sets"));
                }
            }
        }
    }

    /** Rows of a ledger table written before this go. */
    Instant cutoff(String table, Instant now) {
        return now.minus(retention(table));
    }

    private Duration retention(String table) {
        return switch (table) {
            case "service_health", "variant_health" -> keep.serviceHealthRetention();
            case "alert_log" -> keep.alertLogRetention();
            case "impressions" -> keep.impressionsRetention();
            case "events" -> keep.eventsRetention();
            default -> keep.ledgerRetention();
        };
    }

    private void ledgerRows(List<Removal> out, Instant now) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            for (Map.Entry<String, String> t : LEDGER.entrySet()) {
                Duration retention = retention(t.getKey());
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM " + t.getKey() + " WHERE " + t.getValue())) {
                    ps.setTimestamp(1, Timestamp.from(cutoff(t.getKey(), now)));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long rows = rs.getLong(1);
                        if (rows > 0) {
                            out.add(new Removal(
                                    RemovalKind.LEDGER_ROWS,
                                    t.getKey(),
                                    0,
                                    rows,
                                    "older than " + retention.toDays() + " days"));
                        }
                    }
                }
            }
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            long total = 0;
            for (Path p : walk.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    total += a.size();
                }
            }
            return total;
        }
    }
}
