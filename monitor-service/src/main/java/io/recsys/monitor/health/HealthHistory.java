package io.recsys.monitor.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.UUID;
import javax.sql.DataSource;

/** Health reports in Postgres, for the dashboard's history. */
@ApplicationScoped
public class HealthHistory {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public HealthHistory(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public void record(HealthReport report, UUID runId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO health_checks (checked_at, run_id, overall, report) VALUES (?,?,?,?::jsonb)")) {
            ps.setTimestamp(1, Timestamp.from(report.at()));
            ps.setObject(2, runId);
            ps.setString(3, report.overall().name());
            ps.setString(4, json.writeValueAsString(report.toMap()));
            ps.executeUpdate();
        }
    }
}
