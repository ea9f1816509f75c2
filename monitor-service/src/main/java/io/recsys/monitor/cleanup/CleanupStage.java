package io.recsys.monitor.cleanup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
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
 * {@link ProtectedArtifacts}), old ledger rows, then VACUUM ANALYZE. {@code --dry-run} lists what
 * would go and the space it would free, touching nothing; both write a report under
 * {@code reports/cleanup/}. A directory is renamed to a hidden name before it is deleted, so
 * nobody ever sees half an artifact.
 */
@ApplicationScoped
public class CleanupStage implements Stage {
    public static final String NAME = "cleanup";
    private static final Logger LOG = Logger.getLogger(CleanupStage.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> TYPES = Set.of("logs", "checkpoints", "models", "snapshots", "embeddings", "ledger", "all");

    private final ProtectedArtifacts protectedArtifacts;
    private final RetentionPlanner planner;
    private final DataSource dataSource;

    public CleanupStage(ProtectedArtifacts protectedArtifacts, RetentionPlanner planner, DataSource dataSource) {
        this.protectedArtifacts = protectedArtifacts;
        this.planner = planner;
        this.dataSource = dataSource;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A dry run lists what it would remove. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(StageOption.value("type", "logs, checkpoints, models, snapshots, embeddings, ledger or all (default all)"));
    }

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        String type = ctx.options().value("type").orElse("all").toLowerCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new InvalidInvocationException("--type must be one of " + TYPES + ", got '" + type + "'");
        }
        Instant now = Instant.now();
        ProtectedArtifacts.Protected protect = protectedArtifacts.find();
        List<Removal> plan = planner.plan(now, protect).stream()
                .filter(r -> type.equals("all") || r.kind().type().equals(type)).toList();
        boolean dry = ctx.dryRun();
        long bytes = 0;
        long rows = 0;
        List<Map<String, Object>> done = new ArrayList<>();
        for (Removal r : plan) {
            ctx.checkAlive();
            if (!dry) {
                remove(r, now);
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
        if (!dry && (type.equals("all") || type.equals("ledger"))) {
            vacuum();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("generated_at", now.toString());
        report.put("dry_run", dry);
        report.put("type", type);
        report.put("protected_models", protect.models());
        report.put("protected_snapshots", protect.snapshots());
        report.put(dry ? "would_remove" : "removed", done);
        report.put(dry ? "would_free_bytes" : "freed_bytes", bytes);
        report.put(dry ? "would_delete_rows" : "deleted_rows", rows);
        Path file = ctx.home().resolve("reports/cleanup/cleanup_" + STAMP.format(now) + (dry ? "_dry-run" : "") + ".json");
        AtomicFiles.write(file, JSON.writeValueAsBytes(report));

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("dry_run", dry);
        outputs.put("items", plan.stream().filter(r -> r.kind() != RemovalKind.LEDGER_ROWS).count());
        outputs.put(dry ? "would_free_bytes" : "freed_bytes", bytes);
        outputs.put(dry ? "would_delete_rows" : "deleted_rows", rows);
        outputs.put("report", file.toString());
        String what = String.format(Locale.ROOT, "%d files/directories, %.1f MB, %d ledger rows",
                outputs.get("items"), bytes / 1048576.0, rows);
        return StageResult.succeeded((dry ? "dry run: would remove " : "removed ") + what
                + "; protected " + protect.models().size() + " models, " + protect.snapshots().size() + " snapshots",
                Map.of("type", type), outputs, Map.of("bytes", bytes, "rows", rows));
    }

    private void remove(Removal r, Instant now) throws Exception {
        switch (r.kind()) {
            case LOG, ERROR_REPORT, REPORT -> Files.deleteIfExists(Path.of(r.target()));
            case CHECKPOINT -> ArtifactStore.discard(Path.of(r.target()));
            case MODEL -> {
                ArtifactStore.discard(Path.of(r.target()));
                update("UPDATE model_versions SET artifact_deleted_at = now() WHERE artifact_path = ?", r.target());
            }
            case SNAPSHOT -> {
                ArtifactStore.discard(Path.of(r.target()));
                update("DELETE FROM artifacts WHERE kind = 'data-snapshot' AND path = ?", r.target());
            }
            case EMBEDDING_SET -> {
                ArtifactStore.discard(Path.of(r.target()));
                update("DELETE FROM artifacts WHERE kind = 'embedding-set' AND path = ?", r.target());
            }
            case LEDGER_ROWS -> deleteRows(r.target(), now);
        }
        LOG.infof("removed %s %s (%s)", r.kind(), r.target(), r.reason());
    }

    private void update(String sql, String value) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true); // VACUUM cannot run inside a transaction
            for (String table : RetentionPlanner.LEDGER.keySet()) {
                st.execute("VACUUM ANALYZE " + table);
            }
        }
    }
}
