package io.recsys.monitor.cleanup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Monthly retention: old logs, error and monitoring reports, surplus checkpoints, model and
 * snapshot artifacts beyond the newest few (never anything protected, see
 * {@link ProtectedArtifacts}), data-service's raw backups, archived staging batches and quarantine
 * files, old ledger rows and deployments, the directories that leaves empty, then VACUUM ANALYZE.
 * A real run writes a report under {@code reports/cleanup/}. {@code --dry-run} changes nothing at
 * all — no file removed, no row deleted, no VACUUM, no report written: the list of what would go
 * is in the run's outputs ({@code would_remove}) and the log. A directory is renamed to a hidden
 * name before it is deleted, so nobody ever sees half an artifact.
 */
@ApplicationScoped
public class CleanupStage implements Stage {
    public static final String NAME = "cleanup";
    private static final Logger LOG = Logger.getLogger(CleanupStage.class);
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> TYPES =
            Set.of("logs", "checkpoints", "models", "snapshots", "embeddings", "data", "ledger", "all");

    private final ProtectedArtifacts protectedArtifacts;
    private final RetentionPlanner planner;
    private final DeploymentHistory deployments;
    private final DataSource dataSource;

    public CleanupStage(
            ProtectedArtifacts protectedArtifacts,
            RetentionPlanner planner,
            DeploymentHistory deployments,
            DataSource dataSource) {
        this.protectedArtifacts = protectedArtifacts;
        this.planner = planner;
        this.deployments = deployments;
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A dry run lists what it would remove, in its outputs, and writes nothing. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(StageOption.value(
                "type", "logs, checkpoints, models, snapshots, embeddings, data, ledger or all" + " (default all)"));
    }

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        String type = ctx.options().value("type").orElse("all").toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new InvalidInvocationException("--type must be one of " + TYPES + ", got '" + type + "'");
        }
        Instant now = Instant.now();
        ProtectedArtifacts.Protected protect = protectedArtifacts.find();
        RetentionPlanner.Plan plan = planner.plan(now, protect, type);
        boolean dry = ctx.dryRun();
        long bytes = 0;
        long rows = 0;
        List<Map<String, Object>> done = new ArrayList<>();
        for (Removal r : plan.removals()) {
            ctx.checkAlive();
            if (dry) {
                LOG.infof("dry run: would remove %s %s (%s)", r.kind(), r.target(), r.reason());
            } else if (!remove(r, protect, now)) {
                continue;
            }
            bytes += r.bytes();
            rows += r.rows();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
            m.put("target", r.target());
            m.put("bytes", r.bytes());
            m.put("rows", r.rows());
            m.put("reason", r.reason());
            done.add(m);
        }
        // Never in a dry run: VACUUM changes the database's files and statistics.
        if (!dry && RemovalKind.LEDGER_ROWS.selectedBy(type)) {
            vacuum();
        }
        long items =
                done.stream().filter(m -> !m.get("kind").equals("ledger_rows")).count();
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("dry_run", dry);
        outputs.put("items", items);
        outputs.put(dry ? "would_free_bytes" : "freed_bytes", bytes);
        outputs.put(dry ? "would_delete_rows" : "deleted_rows", rows);
        if (dry) {
            // A dry run writes nothing on the volume: the list goes to the run's outputs (the ledger, the API, the
            // CLI).
            outputs.put("would_remove", done);
            outputs.put("protected_files", plan.protectedFiles());
        } else {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("generated_at", now.toString());
            report.put("dry_run", false);
            report.put("type", type);
            report.put("protected_models", protect.models());
            report.put("protected_snapshots", protect.snapshots());
            report.put("protected_deployments", protect.deployments());
            report.put("protected_files", plan.protectedFiles());
            report.put("removed", done);
            report.put("freed_bytes", bytes);
            report.put("deleted_rows", rows);
            Path file = ctx.home().resolve("reports/cleanup/cleanup_" + STAMP.format(now) + ".json");
            AtomicFiles.write(file, JSON.writeValueAsBytes(report));
            outputs.put("report", file.toString());
        }
        String what = String.format(
                Locale.ROOT, "%d files/directories, %.1f MB, %d ledger rows", items, bytes / 1048576.0, rows);
        return StageResult.succeeded(
                (dry ? "dry run: would remove " : "removed ") + what
                        + "; protected " + protect.models().size() + " models, "
                        + protect.snapshots().size() + " snapshots, "
                        + protect.deployments().size() + " deployments, "
                        + plan.protectedFiles().size() + " data files",
                Map.of("type", type),
                outputs,
                Map.of("bytes", bytes, "rows", rows));
    }

    /** Removes one planned item; false when it could not go after all (a directory no longer empty). */
    private boolean remove(Removal r, ProtectedArtifacts.Protected protect, Instant now) throws Exception {
        switch (r.kind()) {
            case LOG, ERROR_REPORT, REPORT, RAW_BACKUP, STAGING_ARCHIVE, QUARANTINE ->
                Files.deleteIfExists(Path.of(r.target()));
            case CHECKPOINT -> ArtifactStore.discard(Path.of(r.target()));
            case MODEL -> {
                ArtifactStore.discard(Path.of(r.target()));
                update("UPDATE model_versions SET artifact_deleted_at = now() WHERE artifact_path = ?", r.target());
            }
            case SNAPSHOT -> {
                ArtifactStore.discard(Path.of(r.target()));
                update(
                        "DELETE FROM artifacts WHERE kind = '" + ArtifactKind.DATA_SNAPSHOT.id() + "' AND path = ?",
                        r.target());
            }
            case EMBEDDING_SET -> {
                ArtifactStore.discard(Path.of(r.target()));
                update(
                        "DELETE FROM artifacts WHERE kind = '" + ArtifactKind.EMBEDDING_SET.id() + "' AND path = ?",
                        r.target());
            }
            case EMPTY_DIRECTORY -> {
                try {
                    Files.deleteIfExists(Path.of(r.target())); // removes only an empty directory
                } catch (DirectoryNotEmptyException e) {
                    LOG.infof("kept %s: something was written into it during the cleanup", r.target());
                    return false;
                }
            }
            case LEDGER_ROWS -> {
                if (r.target().equals(DeploymentHistory.TABLE)) {
                    deployments.prune(protect.deployments().keySet());
                } else {
                    deleteRows(r.target(), now);
                }
            }
        }
        LOG.infof("removed %s %s (%s)", r.kind(), r.target(), r.reason());
        return true;
    }

    private void update(String sql, String value) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            ps.executeUpdate();
        }
    }

    private void deleteRows(String table, Instant now) throws Exception {
        String condition = RetentionPlanner.LEDGER.get(table);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + condition)) {
            ps.setTimestamp(1, Timestamp.from(planner.cutoff(table, now)));
            ps.executeUpdate();
        }
    }

    /** Reclaims the deleted rows' space and refreshes the planner's statistics. */
    private void vacuum() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction
            for (String table : RetentionPlanner.LEDGER.keySet()) {
                st.execute("VACUUM ANALYZE " + table);
            }
            st.execute("VACUUM ANALYZE " + DeploymentHistory.TABLE);
        }
    }
}
