package io.recsys.core.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.runner.InstanceIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Model versions and their states in Postgres; champion changes are one transaction.
 *
 * <p>Every state change, registration included, leaves a row in the append-only audit history
 * ({@code model_state_changes}, {@link #history}). A trigger on {@code model_versions} writes it in
 * the changing transaction, so no path can skip it; each write transaction here first tells the
 * database who is acting ({@link RegistryActor}: the stage and run from the logging context, or
 * "api", and this host).
 */
@ApplicationScoped
public class ModelRegistry {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String COLUMNS = "id, model_type, state, data_snapshot, params::text, seed, metrics::text,"
            + " baseline_metrics::text, provenance::text, artifact_path, manifest_sha256, state_reason, run_id,"
            + " created_at, state_changed_at";

    private static final String CHANGE_COLUMNS =
            "id, model_id, from_state, to_state, reason, actor, run_id, host," + " changed_at";

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final String host;

    @Inject
    public ModelRegistry(DataSource dataSource, ObjectMapper json, InstanceIdentity identity) {
        this.dataSource = dataSource;
        this.json = json;
        this.host = identity.id();
    }

    /** Outside CDI (benchmarks, tools): changes are attributed to this host and pid. */
    public ModelRegistry(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
        this.host = RegistryActor.localHost();
    }

    /** A unit of work on one connection inside the audited transaction. */
    @FunctionalInterface
    private interface Work {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction that the audit trigger attributes to the current actor.
     * {@code set_config(..., true)} lasts until the end of this transaction only, so a pooled
     * connection never carries one caller's name into another's change.
     */
    private void audited(Work work) throws SQLException {
        RegistryActor actor = RegistryActor.current(host);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('recsys.audit_actor', ?, true),"
                        + " set_config('recsys.audit_run', ?, true), set_config('recsys.audit_host', ?, true)")) {
                    ps.setString(1, actor.actor());
                    ps.setString(2, actor.runId() == null ? "" : actor.runId().toString());
                    ps.setString(3, actor.host());
                    ps.execute();
                }
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public void register(ModelVersion v) throws SQLException {
        String sql = "INSERT INTO model_versions (id, model_type, state, data_snapshot, params, seed, metrics,"
                + " baseline_metrics, provenance, artifact_path, manifest_sha256, state_reason, run_id, created_at,"
                + " state_changed_at) VALUES (?,?,?,?,?::jsonb,?,?::jsonb,?::jsonb,?::jsonb,?,?,?,?,?,?)";
        audited(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, v.id());
                ps.setString(2, v.type().name());
                ps.setString(3, v.state().name());
                ps.setString(4, v.dataSnapshot());
                ps.setString(5, write(v.params()));
                ps.setLong(6, v.seed());
                ps.setString(7, write(v.metrics()));
                ps.setString(8, write(v.baselineMetrics()));
                ps.setString(9, write(v.provenance()));
                ps.setString(10, v.artifactPath());
                ps.setString(11, v.manifestSha256());
                ps.setString(12, v.stateReason());
                ps.setObject(13, v.runId());
                ps.setTimestamp(14, Timestamp.from(v.createdAt()));
                ps.setTimestamp(15, Timestamp.from(v.stateChangedAt()));
                ps.executeUpdate();
            }
        });
    }

    public Optional<ModelVersion> champion() throws SQLException {
        List<ModelVersion> l = query("SELECT " + COLUMNS + " FROM model_versions WHERE state = 'CHAMPION'", null);
        return l.stream().findFirst();
    }

    public Optional<ModelVersion> find(String id) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM model_versions WHERE id = ?", id).stream()
                .findFirst();
    }

    public List<ModelVersion> recent(int limit) throws SQLException {
        return query(
                "SELECT " + COLUMNS + " FROM model_versions ORDER BY created_at DESC LIMIT " + Math.max(1, limit),
                null);
    }

    /** Sets a state, checking the transition is allowed; the reason is kept for the record. */
    public void transition(String id, ModelState next, String reason) throws SQLException {
        audited(c -> move(c, id, next, reason));
    }

    /** Makes {@code id} the champion and retires the previous one, atomically. */
    public void crown(String id, String reason) throws SQLException {
        audited(c -> {
            List<String> champions = new ArrayList<>();
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT id FROM model_versions WHERE state = 'CHAMPION' FOR UPDATE");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    champions.add(rs.getString(1));
                }
            }
            for (String old : champions) {
                move(c, old, ModelState.RETIRED, "replaced by " + id);
            }
            move(c, id, ModelState.CHAMPION, reason);
        });
    }

    /**
     * Rejects {@code rejectedId} and, when {@code restoreId} is a former champion and no other model
     * is champion now, makes it champion again, in one transaction: after a failed deployment or a
     * rollback the registry's champion is what production serves, so the next deployment does not
     * bring the bad model back (a newer champion, not yet deployed, keeps its place).
     */
    public void rejectAndRestore(String rejectedId, String reason, String restoreId, String restoreReason)
            throws SQLException {
        audited(c -> {
            ModelState state = stateOf(c, rejectedId);
            if (state != ModelState.REJECTED) {
                move(c, rejectedId, ModelState.REJECTED, reason);
            }
            if (restoreId != null && stateOf(c, restoreId) == ModelState.RETIRED && !hasChampion(c)) {
                move(c, restoreId, ModelState.CHAMPION, restoreReason);
            }
        });
    }

    private static boolean hasChampion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM model_versions WHERE state = 'CHAMPION'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private ModelState stateOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM model_versions WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no model version " + id);
                }
                return ModelState.valueOf(rs.getString(1));
            }
        }
    }

    /**
     * The one place a model's state changes: checks the transition and updates the row; the audit
     * trigger records it in the same transaction. Called only inside {@link #audited}.
     */
    private void move(Connection c, String id, ModelState next, String reason) throws SQLException {
        ModelState current = stateOf(c, id);
        if (!current.canBecome(next)) {
            throw new IllegalStateException("model " + id + " is " + current + " and cannot become " + next);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE model_versions SET state = ?, state_reason = ?, state_changed_at = now() WHERE id = ?")) {
            ps.setString(1, next.name());
            ps.setString(2, reason);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    /** A model's state changes, oldest first (empty for an unknown id). */
    public List<StateChange> history(String modelId) throws SQLException {
        return changes(
                "SELECT " + CHANGE_COLUMNS + " FROM model_state_changes WHERE model_id = ? ORDER BY id", modelId);
    }

    /** The newest state changes of all models, newest first. */
    public List<StateChange> recentChanges(int limit) throws SQLException {
        return changes(
                "SELECT " + CHANGE_COLUMNS + " FROM model_state_changes ORDER BY id DESC LIMIT " + Math.max(1, limit),
                null);
    }

    private List<StateChange> changes(String sql, String param) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<StateChange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String from = rs.getString(3);
                    out.add(new StateChange(
                            rs.getLong(1),
                            rs.getString(2),
                            from == null ? null : ModelState.valueOf(from),
                            ModelState.valueOf(rs.getString(4)),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getObject(7, UUID.class),
                            rs.getString(8),
                            rs.getTimestamp(9).toInstant()));
                }
            }
            return out;
        }
    }

    /** Per-iteration training metrics. */
    public void recordIteration(
            UUID runId, ModelType type, int iteration, Double loss, Double validationMetric, double seconds)
            throws SQLException {
        String sql = "INSERT INTO training_iterations (run_id, model_type, iteration, loss, validation_metric, seconds)"
                + " VALUES (?,?,?,?,?,?) ON CONFLICT (run_id, model_type, iteration) DO UPDATE SET loss = EXCLUDED.loss,"
                + " validation_metric = EXCLUDED.validation_metric, seconds = EXCLUDED.seconds";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, runId);
            ps.setString(2, type.name());
            ps.setInt(3, iteration);
            ps.setObject(4, loss);
            ps.setObject(5, validationMetric);
            ps.setDouble(6, seconds);
            ps.executeUpdate();
        }
    }

    private List<ModelVersion> query(String sql, String param) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<ModelVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelVersion(
                            rs.getString(1),
                            ModelType.valueOf(rs.getString(2)),
                            ModelState.valueOf(rs.getString(3)),
                            rs.getString(4),
                            read(rs.getString(5)),
                            rs.getLong(6),
                            read(rs.getString(7)),
                            read(rs.getString(8)),
                            read(rs.getString(9)),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12),
                            rs.getObject(13, UUID.class),
                            rs.getTimestamp(14).toInstant(),
                            rs.getTimestamp(15).toInstant()));
                }
            }
            return out;
        }
    }

    private String write(Map<String, Object> m) {
        try {
            return json.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> read(String s) {
        try {
            return json.readValue(s, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
