package io.recsys.core.drift;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What drift detection last concluded about a data snapshot (written by monitor-service's
 * drift stage to {@code drift_reports}), for the training stage to consult.
 */
@ApplicationScoped
public class DriftVerdicts {
    /** The newest report's verdict on one snapshot. */
    public record Verdict(boolean shouldRetrain, String severity, Instant at) {
    }

    private final DataSource dataSource;

    public DriftVerdicts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<Verdict> latest(String snapshotId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT should_retrain, severity, created_at FROM drift_reports WHERE current_snapshot = ?"
                        + " ORDER BY created_at DESC, id DESC LIMIT 1")) {
            ps.setString(1, snapshotId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Verdict(rs.getBoolean(1), rs.getString(2).toLowerCase(),
                        rs.getTimestamp(3).toInstant())) : Optional.empty();
            }
        }
    }
}
