package io.recsys.monitor.drift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.drift.DriftVerdicts;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The drift baseline and the drift reports in Postgres ({@code drift_baseline}, {@code drift_reports}: owned here). */
@ApplicationScoped
public class DriftStore {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final DriftVerdicts verdicts;

    public DriftStore(DataSource dataSource, ObjectMapper json, DriftVerdicts verdicts) {
        this.dataSource = dataSource;
        this.json = json;
        this.verdicts = verdicts;
    }

    public Optional<DataSummary> baseline() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT summary::text FROM drift_baseline WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(DataSummary.fromMap(json.readValue(rs.getString(1), MAP)))
                    : Optional.empty();
        }
    }

    public void saveBaseline(DataSummary s) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO drift_baseline (id, snapshot_id, summary, created_at) VALUES (1, ?, ?::jsonb, now())"
                                + " ON CONFLICT (id) DO UPDATE SET snapshot_id = EXCLUDED.snapshot_id,"
                                + " summary = EXCLUDED.summary, created_at = EXCLUDED.created_at")) {
            ps.setString(1, s.snapshotId());
            ps.setString(2, json.writeValueAsString(s.toMap()));
            ps.executeUpdate();
        }
    }

    /** The report and its verdict (pipeline-core's, for training) in one transaction. */
    public void saveReport(
            Instant at,
            UUID runId,
            String baseline,
            String current,
            DriftSeverity severity,
            boolean shouldRetrain,
            Map<String, Object> report)
            throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO drift_reports (created_at, run_id, baseline_snapshot, current_snapshot, severity,"
                            + " drift_detected, should_retrain, report) VALUES (?,?,?,?,?,?,?,?::jsonb)")) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setObject(2, runId);
                ps.setString(3, baseline);
                ps.setString(4, current);
                ps.setString(5, severity.name());
                ps.setBoolean(6, severity.isDrift());
                ps.setBoolean(7, shouldRetrain);
                ps.setString(8, json.writeValueAsString(report));
                ps.executeUpdate();
                verdicts.record(c, current, shouldRetrain, severity.name(), at, runId);
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** One stored comparison with its full report, for the dashboard. */
    public record StoredReport(
            Instant at,
            String baseline,
            String current,
            String severity,
            boolean driftDetected,
            Map<String, Object> report) {}

    /** The newest {@code limit} reports, newest first. */
    public java.util.List<StoredReport> reports(int limit) throws Exception {
        java.util.List<StoredReport> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT created_at, baseline_snapshot, current_snapshot, severity, drift_detected, report::text"
                                + " FROM drift_reports ORDER BY created_at DESC, id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredReport(
                            rs.getTimestamp(1).toInstant(),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getBoolean(5),
                            json.readValue(rs.getString(6), MAP)));
                }
            }
        }
        return out;
    }

    /** One past comparison, for the summary's history table. */
    public record PastReport(
            Instant at, String baseline, String current, DriftSeverity severity, boolean shouldRetrain) {}

    /** The newest {@code limit} comparisons, newest first. */
    public java.util.List<PastReport> recent(int limit) throws Exception {
        java.util.List<PastReport> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT created_at, baseline_snapshot, current_snapshot, severity, should_retrain FROM drift_reports"
                                + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PastReport(
                            rs.getTimestamp(1).toInstant(),
                            rs.getString(2),
                            rs.getString(3),
                            DriftSeverity.valueOf(rs.getString(4)),
                            rs.getBoolean(5)));
                }
            }
        }
        return out;
    }
}
