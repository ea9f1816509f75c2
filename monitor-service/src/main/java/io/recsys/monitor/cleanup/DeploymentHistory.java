package io.recsys.monitor.cleanup;

import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The retention of {@code deployments}: the newest {@code monitor.cleanup.deployments-kept} per
 * alias stay (the seed keeps the last 100), and so do the protected rows
 * ({@link ProtectedArtifacts.Protected#deployments()}) however old. The rule is one SQL condition,
 * so the count a plan (or a dry run) reports and the rows the real run deletes are the same rows.
 */
@ApplicationScoped
public class DeploymentHistory {
    static final String TABLE = "deployments";
    private static final String BEYOND_KEPT = "id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY alias"
            + " ORDER BY started_at DESC, id DESC) AS position FROM deployments) ranked WHERE position > ?)"
            + " AND NOT (id = ANY (?))";

    private final DataSource dataSource;
    private final int kept;

    public DeploymentHistory(MonitorConfig config, DataSource dataSource) {
        this.dataSource = dataSource;
        this.kept = config.cleanup().deploymentsKept();
    }

    public int kept() {
        return kept;
    }

    /** How many rows {@link #prune} would delete now. */
    public long countPrunable(Set<Long> protectedIds) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM deployments WHERE " + BEYOND_KEPT)) {
            bind(c, ps, protectedIds);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes the rows beyond the newest kept per alias, never a protected one; returns how many. */
    public long prune(Set<Long> protectedIds) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM deployments WHERE " + BEYOND_KEPT)) {
            bind(c, ps, protectedIds);
            return ps.executeUpdate();
        }
    }

    private void bind(Connection c, PreparedStatement ps, Set<Long> protectedIds) throws SQLException {
        ps.setInt(1, kept);
        ps.setArray(2, c.createArrayOf("bigint", protectedIds.toArray()));
    }
}
