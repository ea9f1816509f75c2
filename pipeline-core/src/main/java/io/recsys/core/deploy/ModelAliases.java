package io.recsys.core.deploy;

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

/**
 * The aliases that say which model is served ({@code production}) and the deployment history.
 * Moving an alias and appending its deployment row is one transaction, followed by a
 * {@code NOTIFY model_alias} so listeners need not wait for their next poll.
 */
@ApplicationScoped
public class ModelAliases {
    /** The channel a move is announced on (payload: the alias), in the moving transaction. */
    public static final String NOTIFY_CHANNEL = "model_alias";

    public static final String PRODUCTION = "production";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final String DEPLOYMENT_COLUMNS = "id, alias, action, model_id, previous_model_id, status, trigger,"
            + " run_id, git_commit, verification::text, message, started_at, finished_at";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public ModelAliases(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public Optional<AliasTarget> current(String alias) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT alias, model_id, generation, deployment_id, updated_at, traffic_share FROM model_aliases"
                                + " WHERE alias = ?")) {
            ps.setString(1, alias);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long deployment = rs.getLong(4);
                Long deploymentId = rs.wasNull() ? null : deployment;
                return Optional.of(new AliasTarget(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        deploymentId,
                        rs.getTimestamp(5).toInstant(),
                        rs.getObject(6, Double.class)));
            }
        }
    }

    /**
     * Points {@code alias} at {@code modelId} and records the move as a deployment in VERIFYING,
     * atomically; the previous target is read under a row lock, so two movers cannot both think
     * they replaced the same model.
     */
    public Deployment move(
            String alias, String modelId, DeploymentAction action, String trigger, UUID runId, String gitCommit)
            throws SQLException {
        return move(alias, modelId, null, action, trigger, runId, gitCommit);
    }

    /**
     * Points the canary alias at {@code modelId} for {@code share} of the users, recorded as a
     * CANARY_START deployment in VERIFYING, as {@link #move} does for production.
     */
    public Deployment startCanary(
            String alias, String modelId, double share, String trigger, UUID runId, String gitCommit)
            throws SQLException {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("a canary's share must be in (0, 1), got " + share);
        }
        return move(alias, modelId, share, DeploymentAction.CANARY_START, trigger, runId, gitCommit);
    }

    /**
     * Ends the canary: removes its alias and records a finished CANARY_STOP deployment of the model
     * it served, with why and the numbers, in one transaction (and a NOTIFY, so replicas drop it at
     * once). Empty when no canary was running (someone else ended it first).
     */
    public Optional<Deployment> endCanary(
            String alias,
            DeploymentStatus status,
            Map<String, Object> numbers,
            String message,
            String trigger,
            UUID runId,
            String gitCommit)
            throws SQLException {
        Long ended = inTransaction(c -> {
            String modelId;
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM model_aliases WHERE alias = ? RETURNING model_id")) {
                ps.setString(1, alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    modelId = rs.getString(1);
                }
            }
            long id = insertDeployment(
                    c,
                    alias,
                    DeploymentAction.CANARY_STOP,
                    modelId,
                    modelId,
                    status,
                    trigger,
                    runId,
                    gitCommit,
                    write(numbers),
                    message);
            notify(c, alias);
            return id;
        });
        return ended == null ? Optional.empty() : find(ended);
    }

    private Deployment move(
            String alias,
            String modelId,
            Double share,
            DeploymentAction action,
            String trigger,
            UUID runId,
            String gitCommit)
            throws SQLException {
        long moved = inTransaction(c -> {
            String previous = null;
            long generation = 0;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT model_id, generation FROM model_aliases WHERE alias = ? FOR UPDATE")) {
                ps.setString(1, alias);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        previous = rs.getString(1);
                        generation = rs.getLong(2);
                    }
                }
            }
            long id = insertDeployment(
                    c,
                    alias,
                    action,
                    modelId,
                    previous,
                    DeploymentStatus.VERIFYING,
                    trigger,
                    runId,
                    gitCommit,
                    null,
                    null);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_aliases (alias, model_id, generation,"
                    + " deployment_id, updated_at, traffic_share) VALUES (?,?,?,?, now(), ?) ON CONFLICT (alias)"
                    + " DO UPDATE SET model_id = EXCLUDED.model_id, generation = EXCLUDED.generation,"
                    + " deployment_id = EXCLUDED.deployment_id, updated_at = EXCLUDED.updated_at,"
                    + " traffic_share = EXCLUDED.traffic_share")) {
                ps.setString(1, alias);
                ps.setString(2, modelId);
                // The canary's row is deleted when it ends; taking the deployment id keeps its
                // generation growing across canaries, so a replica retries a model it refused before.
                ps.setLong(3, share == null ? generation + 1 : Math.max(generation + 1, id));
                ps.setLong(4, id);
                ps.setObject(5, share, java.sql.Types.DOUBLE);
                ps.executeUpdate();
            }
            notify(c, alias);
            return id;
        });
        return find(moved).orElseThrow();
    }

    /**
     * Appends a deployment row: in VERIFYING when {@code verification} is null (finished later by
     * {@link #finish}), else already finished with it.
     */
    private static long insertDeployment(
            Connection c,
            String alias,
            DeploymentAction action,
            String modelId,
            String previous,
            DeploymentStatus status,
            String trigger,
            UUID runId,
            String gitCommit,
            String verification,
            String message)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO deployments (alias, action, model_id,"
                        + " previous_model_id, status, trigger, run_id, git_commit, verification, message, started_at,"
                        + " finished_at) VALUES (?,?,?,?,?,?,?,?,?::jsonb,?, now(), CASE WHEN ? THEN now() END) RETURNING id")) {
            ps.setString(1, alias);
            ps.setString(2, action.name());
            ps.setString(3, modelId);
            ps.setString(4, previous);
            ps.setString(5, status.name());
            ps.setString(6, trigger);
            ps.setObject(7, runId);
            ps.setString(8, gitCommit);
            ps.setString(9, verification);
            ps.setString(10, message);
            ps.setBoolean(11, verification != null);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void notify(Connection c, String alias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + NOTIFY_CHANNEL + "', ?)")) {
            ps.setString(1, alias);
            ps.execute();
        }
    }

    /** Closes a deployment in VERIFYING with its outcome and what verification found. */
    public void finish(long deploymentId, DeploymentStatus status, Map<String, Object> verification, String message)
            throws SQLException {
        inTransaction(c -> {
            DeploymentStatus current;
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM deployments WHERE id = ? FOR UPDATE")) {
                ps.setLong(1, deploymentId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no deployment " + deploymentId);
                    }
                    current = DeploymentStatus.valueOf(rs.getString(1));
                }
            }
            if (!current.canBecome(status)) {
                throw new IllegalStateException(
                        "deployment " + deploymentId + " is " + current + " and cannot become " + status);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE deployments SET status = ?,"
                    + " verification = ?::jsonb, message = ?, finished_at = now() WHERE id = ?")) {
                ps.setString(1, status.name());
                ps.setString(2, write(verification));
                ps.setString(3, message);
                ps.setLong(4, deploymentId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** {@code work} in one transaction on one connection: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public Optional<Deployment> find(long id) throws SQLException {
        List<Deployment> l =
                query("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE id = ?", ps -> ps.setLong(1, id));
        return l.stream().findFirst();
    }

    /** Newest first. */
    public List<Deployment> history(String alias, int limit) throws SQLException {
        return query(
                "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments WHERE alias = ? ORDER BY started_at DESC, id DESC"
                        + " LIMIT " + Math.max(1, limit),
                ps -> ps.setString(1, alias));
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Deployment> query(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<Deployment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp finished = rs.getTimestamp(13);
                    String verification = rs.getString(10);
                    out.add(new Deployment(
                            rs.getLong(1),
                            rs.getString(2),
                            DeploymentAction.valueOf(rs.getString(3)),
                            rs.getString(4),
                            rs.getString(5),
                            DeploymentStatus.valueOf(rs.getString(6)),
                            rs.getString(7),
                            rs.getObject(8, UUID.class),
                            rs.getString(9),
                            verification == null ? Map.of() : read(verification),
                            rs.getString(11),
                            rs.getTimestamp(12).toInstant(),
                            finished == null ? null : finished.toInstant()));
                }
            }
            return out;
        }
    }

    private String write(Map<String, Object> m) {
        try {
            return json.writeValueAsString(m == null ? Map.of() : m);
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
