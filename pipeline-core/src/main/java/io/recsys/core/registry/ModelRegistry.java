package io.recsys.core.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
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

/** Model versions and their states in Postgres; champion changes are one transaction. */
@ApplicationScoped
public class ModelRegistry {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, model_type, state, data_snapshot, params::text, seed, metrics::text,"
            + " baseline_metrics::text, provenance::text, artifact_path, manifest_sha256, state_reason, run_id,"
            + " created_at, state_changed_at";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public ModelRegistry(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public void register(ModelVersion v) throws SQLException {
        String sql = "INSERT INTO model_versions (id, model_type, state, data_snapshot, params, seed, metrics,"
                + " baseline_metrics, provenance, artifact_path, manifest_sha256, state_reason, run_id, created_at,"
                + " state_changed_at) VALUES (?,?,?,?,?::jsonb,?,?::jsonb,?::jsonb,?::jsonb,?,?,?,?,?,?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
    }

    public Optional<ModelVersion> champion() throws SQLException {
        List<ModelVersion> l = query("SELECT " + COLUMNS + " FROM model_versions WHERE state = 'CHAMPION'", null);
        return l.stream().findFirst();
    }

    public Optional<ModelVersion> find(String id) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM model_versions WHERE id = ?", id).stream().findFirst();
    }

    public List<ModelVersion> recent(int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM model_versions ORDER BY created_at DESC LIMIT " + Math.max(1, limit), null);
    }

    /** Sets a state, checking the transition is allowed; the reason is kept for the record. */
    public void transition(String id, ModelState next, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                move(c, id, next, reason);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Makes {@code id} the champion and retires the previous one, atomically. */
    public void crown(String id, String reason) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM model_versions WHERE state = 'CHAMPION' FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        move(c, rs.getString(1), ModelState.RETIRED, "replaced by " + id);
                    }
                }
                move(c, id, ModelState.CHAMPION, reason);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Rejects {@code rejectedId} and, when {@code restoreId} is a former champion and no other model
     * is champion now, makes it champion again, in one transaction: after a failed deployment or a
     * rollback the registry's champion is what production serves, so the next deployment does not
     * bring the bad model back (a newer champion, not yet deployed, keeps its place).
     */
    public void rejectAndRestore(String rejectedId, String reason, String restoreId, String restoreReason)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ModelState state = stateOf(c, rejectedId);
                if (state != ModelState.REJECTED) {
                    move(c, rejectedId, ModelState.REJECTED, reason);
                }
                if (restoreId != null && stateOf(c, restoreId) == ModelState.RETIRED && !hasChampion(c)) {
                    move(c, restoreId, ModelState.CHAMPION, restoreReason);
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
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

    /** Per-iteration training metrics. */
    public void recordIteration(UUID runId, ModelType type, int iteration, Double loss, Double validationMetric,
                                double seconds) throws SQLException {
        String sql = "INSERT INTO training_iterations (run_id, model_type, iteration, loss, validation_metric, seconds)"
                + " VALUES (?,?,?,?,?,?) ON CONFLICT (run_id, model_type, iteration) DO UPDATE SET loss = EXCLUDED.loss,"
                + " validation_metric = EXCLUDED.validation_metric, seconds = EXCLUDED.seconds";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
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
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            List<ModelVersion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ModelVersion(rs.getString(1), ModelType.valueOf(rs.getString(2)),
                            ModelState.valueOf(rs.getString(3)), rs.getString(4), read(rs.getString(5)), rs.getLong(6),
                            read(rs.getString(7)), read(rs.getString(8)), read(rs.getString(9)), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getObject(13, UUID.class),
                            rs.getTimestamp(14).toInstant(), rs.getTimestamp(15).toInstant()));
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
