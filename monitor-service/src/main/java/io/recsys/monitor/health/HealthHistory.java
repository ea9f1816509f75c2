package io.recsys.monitor.health;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Health reports in Postgres ({@code health_checks}, owned here), for the dashboard's history. */
@ApplicationScoped
public class HealthHistory {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final DataSource dataSource;
    private final ObjectMapper json;

    public HealthHistory(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** One stored check: when, its overall status, and the report as recorded. */
    public record StoredCheck(Instant at, String overall, Map<String, Object> report) {}

    /** The newest {@code limit} checks, newest first. */
    public List<StoredCheck> recent(int limit) throws Exception {
        List<StoredCheck> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT checked_at, overall, report::text FROM health_checks ORDER BY checked_at DESC, id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredCheck(
                            rs.getTimestamp(1).toInstant(), rs.getString(2), json.readValue(rs.getString(3), MAP)));
                }
            }
        }
        return out;
    }

    public void record(HealthReport report, UUID runId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO health_checks (checked_at, run_id, overall, report) VALUES (?,?,?,?::jsonb)")) {
            ps.setTimestamp(1, Timestamp.from(report.at()));
            ps.setObject(2, runId);
            ps.setString(3, report.overall().name());
            ps.setString(4, json.writeValueAsString(report.toMap()));
            ps.executeUpdate();
        }
    }
}
