package io.recsys.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The run ledger as the local runner reads it for catch-up: a stage's last success (SUCCEEDED or
 * SKIPPED, a dry run not: what the health checks call confirmed).
 */
final class LocalLedger {
    private final String url;
    private final String user;
    private final String password;

    /** {@code env}: the database settings given to the stage processes. */
    LocalLedger(Map<String, String> env) {
        this.url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        this.user = env.get("QUARKUS_DATASOURCE_USERNAME");
        this.password = env.get("QUARKUS_DATASOURCE_PASSWORD");
    }

    Optional<Instant> lastSuccess(String stage) {
        String sql = "SELECT max(finished_at) FROM pipeline_runs"
                + " WHERE stage = ? AND status IN ('SUCCEEDED', 'SKIPPED') AND NOT dry_run";
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, stage);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        } catch (SQLException e) {
            // no ledger yet (no run ever migrated the schema): nothing ran, so everything is missed
            if ("42P01".equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw new IllegalStateException("cannot read the run ledger at " + url + ": " + e.getMessage(), e);
        }
    }
}
