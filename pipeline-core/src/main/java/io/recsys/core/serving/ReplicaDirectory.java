package io.recsys.core.serving;

import io.recsys.core.feedback.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Serving replicas' heartbeats and per-minute request aggregates in Postgres: written by each
 * replica, read by deployment (who is live, what do they serve) and by health checks. Liveness
 * is judged by the database clock, like leases, so replicas' clocks do not matter.
 */
@ApplicationScoped
public class ReplicaDirectory {
    private static final String COLUMNS = "instance_id, base_url, model_id, model_sha256, model_loaded_at,"
            + " refused_model_id, refusal_reason, started_at, last_seen";
    private static final String READ_COLUMNS =
            COLUMNS + ", canary_model_id, canary_refused_model_id, canary_refusal_reason";

    private final DataSource dataSource;

    public ReplicaDirectory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts or refreshes the replica's row; last_seen is the database's now(). */
    public void heartbeat(
            String instanceId,
            String baseUrl,
            String modelId,
            String modelSha256,
            Instant modelLoadedAt,
            String refusedModelId,
            String refusalReason,
            Instant startedAt)
            throws SQLException {
        heartbeat(
                instanceId,
                baseUrl,
                modelId,
                modelSha256,
                modelLoadedAt,
                refusedModelId,
                refusalReason,
                startedAt,
                CanaryReport.NONE);
    }

    /** What a replica serves as the canary, or refused to: all null when it serves none. */
    public record CanaryReport(String modelId, String refusedModelId, String refusalReason) {
        public static final CanaryReport NONE = new CanaryReport(null, null, null);
    }

    /** Inserts or refreshes the replica's row with its canary; last_seen is the database's now(). */
    public void heartbeat(
            String instanceId,
            String baseUrl,
            String modelId,
            String modelSha256,
            Instant modelLoadedAt,
            String refusedModelId,
            String refusalReason,
            Instant startedAt,
            CanaryReport canary)
            throws SQLException {
        String sql = "INSERT INTO serving_replicas (" + READ_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?, now(),?,?,?)"
                + " ON CONFLICT (instance_id) DO UPDATE SET base_url = EXCLUDED.base_url, model_id = EXCLUDED.model_id,"
                + " model_sha256 = EXCLUDED.model_sha256, model_loaded_at = EXCLUDED.model_loaded_at,"
                + " refused_model_id = EXCLUDED.refused_model_id, refusal_reason = EXCLUDED.refusal_reason,"
                + " started_at = EXCLUDED.started_at, last_seen = now(), canary_model_id = EXCLUDED.canary_model_id,"
                + " canary_refused_model_id = EXCLUDED.canary_refused_model_id,"
                + " canary_refusal_reason = EXCLUDED.canary_refusal_reason";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, instanceId);
            ps.setString(2, baseUrl);
            ps.setString(3, modelId);
            ps.setString(4, modelSha256);
            ps.setTimestamp(5, modelLoadedAt == null ? null : Timestamp.from(modelLoadedAt));
            ps.setString(6, refusedModelId);
            ps.setString(7, refusalReason);
            ps.setTimestamp(8, Timestamp.from(startedAt));
            ps.setString(9, canary.modelId());
            ps.setString(10, canary.refusedModelId());
            ps.setString(11, canary.refusalReason());
            ps.executeUpdate();
        }
    }

    /** A replica shutting down cleanly leaves the directory at once instead of timing out. */
    public void remove(String instanceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM serving_replicas WHERE instance_id = ?")) {
            ps.setString(1, instanceId);
            ps.executeUpdate();
        }
    }

    /** Replicas whose last heartbeat is younger than {@code freshness}. */
    public List<ReplicaStatus> live(Duration freshness) throws SQLException {
        return query(
                "SELECT " + READ_COLUMNS
                        + " FROM serving_replicas WHERE last_seen > now() - ? * interval '1 millisecond'"
                        + " ORDER BY instance_id",
                freshness.toMillis());
    }

    /** Replicas whose last heartbeat is older than {@code silence}: gone for good. */
    public List<ReplicaStatus> silentFor(Duration silence) throws SQLException {
        return query(
                "SELECT " + READ_COLUMNS
                        + " FROM serving_replicas WHERE last_seen < now() - ? * interval '1 millisecond'"
                        + " ORDER BY instance_id",
                silence.toMillis());
    }

    /** Removes the rows of replicas silent for longer than {@code silence}; returns how many. */
    public int forgetSilentFor(Duration silence) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM serving_replicas WHERE last_seen < now() - ? * interval '1 millisecond'")) {
            ps.setLong(1, silence.toMillis());
            return ps.executeUpdate();
        }
    }

    /** Every replica on record, live or not. */
    public List<ReplicaStatus> all() throws SQLException {
        return query("SELECT " + READ_COLUMNS + " FROM serving_replicas ORDER BY instance_id", null);
    }

    public void record(ServiceMinute m) throws SQLException {
        String sql = "INSERT INTO service_health (instance_id, minute, requests, errors, fallbacks, avg_latency_ms,"
                + " max_latency_ms, p95_latency_ms, error_rate, fallback_rate, model_id, impressions_dropped)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (instance_id, minute) DO UPDATE SET requests = EXCLUDED.requests, errors = EXCLUDED.errors,"
                + " fallbacks = EXCLUDED.fallbacks, avg_latency_ms = EXCLUDED.avg_latency_ms,"
                + " max_latency_ms = EXCLUDED.max_latency_ms, p95_latency_ms = EXCLUDED.p95_latency_ms,"
                + " error_rate = EXCLUDED.error_rate, fallback_rate = EXCLUDED.fallback_rate, model_id = EXCLUDED.model_id,"
                + " impressions_dropped = EXCLUDED.impressions_dropped";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, m.instanceId());
            ps.setTimestamp(2, Timestamp.from(m.minute()));
            ps.setLong(3, m.requests());
            ps.setLong(4, m.errors());
            ps.setLong(5, m.fallbacks());
            ps.setDouble(6, m.avgLatencyMs());
            ps.setDouble(7, m.maxLatencyMs());
            ps.setDouble(8, m.p95LatencyMs());
            ps.setDouble(9, m.errorRate());
            ps.setDouble(10, m.fallbackRate());
            ps.setString(11, m.modelId());
            ps.setLong(12, m.impressionsDropped());
            ps.executeUpdate();
        }
    }

    /** One replica's minute of one variant while a canary is served (guard metrics for the judge). */
    public record VariantMinute(
            String instanceId,
            Instant minute,
            Variant variant,
            String modelId,
            long requests,
            long errors,
            long fallbacks,
            double p99LatencyMs) {}

    public void record(List<VariantMinute> minutes) throws SQLException {
        String sql = "INSERT INTO variant_health (instance_id, minute, variant, model_id, requests, errors, fallbacks,"
                + " p99_latency_ms) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (instance_id, minute, variant) DO UPDATE SET"
                + " model_id = EXCLUDED.model_id, requests = EXCLUDED.requests, errors = EXCLUDED.errors,"
                + " fallbacks = EXCLUDED.fallbacks, p99_latency_ms = EXCLUDED.p99_latency_ms";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (VariantMinute m : minutes) {
                ps.setString(1, m.instanceId());
                ps.setTimestamp(2, Timestamp.from(m.minute()));
                ps.setString(3, m.variant().wire());
                ps.setString(4, m.modelId());
                ps.setLong(5, m.requests());
                ps.setLong(6, m.errors());
                ps.setLong(7, m.fallbacks());
                ps.setDouble(8, m.p99LatencyMs());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * One variant's requests since {@code since} over every replica: totals, and the p99 latency
     * as the request-weighted mean of the per-minute p99s (one slow minute moves it, it does not
     * decide it).
     */
    public record VariantTotals(long requests, long errors, long fallbacks, double p99LatencyMs) {}

    public VariantTotals variantTotals(Variant variant, String modelId, Instant since) throws SQLException {
        String sql = "SELECT coalesce(sum(requests), 0), coalesce(sum(errors), 0), coalesce(sum(fallbacks), 0),"
                + " coalesce(sum(p99_latency_ms * requests) / nullif(sum(requests), 0), 0) FROM variant_health"
                + " WHERE variant = ? AND (?::varchar IS NULL OR model_id = ?) AND minute >= date_trunc('minute', ?::timestamptz)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, variant.wire());
            ps.setString(2, modelId);
            ps.setString(3, modelId);
            ps.setTimestamp(4, Timestamp.from(since));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new VariantTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getDouble(4));
            }
        }
    }

    /** Per-minute rows of every replica since {@code since}, oldest first. */
    public List<ServiceMinute> minutesSince(Instant since) throws SQLException {
        String sql = "SELECT instance_id, minute, requests, errors, fallbacks, avg_latency_ms, max_latency_ms,"
                + " p95_latency_ms, model_id, impressions_dropped FROM service_health WHERE minute >= ? ORDER BY minute, instance_id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(since));
            List<ServiceMinute> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ServiceMinute(
                            rs.getString(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getDouble(6),
                            rs.getDouble(7),
                            rs.getDouble(8),
                            rs.getString(9),
                            rs.getLong(10)));
                }
            }
            return out;
        }
    }

    private List<ReplicaStatus> query(String sql, Long param) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setLong(1, param);
            }
            List<ReplicaStatus> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp loaded = rs.getTimestamp(5);
                    out.add(new ReplicaStatus(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            loaded == null ? null : loaded.toInstant(),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getTimestamp(8).toInstant(),
                            rs.getTimestamp(9).toInstant(),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12)));
                }
            }
            return out;
        }
    }
}
