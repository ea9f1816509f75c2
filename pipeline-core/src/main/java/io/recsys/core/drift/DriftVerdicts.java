package io.recsys.core.drift;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What drift detection concluded about a data snapshot ({@code drift_verdicts}): recorded by
 * monitor-service's drift stage with its report, consulted by the training stage. The verdict is
 * the contract between the two; the full reports stay monitor-service's own ({@code drift_reports}).
 */
@ApplicationScoped
public class DriftVerdicts {
    /** The newest verdict on one snapshot; {@code severity} in lower case (none, low, medium, high). */
    public record Verdict(boolean shouldRetrain, String severity, Instant at) {}

    private final DataSource dataSource;

    public DriftVerdicts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a verdict on the caller's connection, so it commits with the report it belongs to.
     *
     * @param severity NONE, LOW, MEDIUM or HIGH
     */
    public void record(Connection c, String snapshotId, boolean shouldRetrain, String severity, Instant at, UUID runId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_verdicts (snapshot_id, should_retrain,"
                + " severity, decided_at, run_id) VALUES (?,?,?,?,?)")) {
            ps.setString(1, snapshotId);
            ps.setBoolean(2, shouldRetrain);
            ps.setString(3, severity.toUpperCase(Locale.ROOT));
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setObject(5, runId);
            ps.executeUpdate();
        }
    }

    public Optional<Verdict> latest(String snapshotId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT should_retrain, severity, decided_at FROM drift_verdicts WHERE snapshot_id = ?"
                                + " ORDER BY decided_at DESC, id DESC LIMIT 1")) {
            ps.setString(1, snapshotId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Verdict(
                                rs.getBoolean(1),
                                rs.getString(2).toLowerCase(Locale.ROOT),
                                rs.getTimestamp(3).toInstant()))
                        : Optional.empty();
            }
        }
    }
}
