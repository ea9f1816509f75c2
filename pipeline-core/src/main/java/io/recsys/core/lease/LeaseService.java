package io.recsys.core.lease;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One lease row per stage in Postgres (never file locks: pods do not share a view of liveness).
 * Times come from the database clock, so hosts with skewed clocks agree on expiry.
 */
@ApplicationScoped
public class LeaseService {
    private final DataSource dataSource;

    public LeaseService(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Takes the lease if it is free or expired; empty when another owner holds it. The grant names
     * the previous holder's run, read in the same statement from the row as it was before the
     * takeover (not FOR UPDATE: Postgres skips a row the statement itself has just updated). Two
     * contenders may both read it; the one whose upsert loses re-checks the expiry against the
     * winner's row and gets no grant.
     */
    public Optional<LeaseGrant> tryAcquire(String stage, String owner, UUID runId, Duration ttl) throws SQLException {
        String sql = "WITH previous AS (SELECT run_id FROM stage_leases WHERE stage = ?),"
                + " taken AS (INSERT INTO stage_leases (stage, owner, run_id, generation, acquired_at, expires_at)"
                + " VALUES (?, ?, ?, 1, now(), now() + make_interval(secs => ?))"
                + " ON CONFLICT (stage) DO UPDATE SET owner = EXCLUDED.owner, run_id = EXCLUDED.run_id,"
                + " generation = stage_leases.generation + 1, acquired_at = now(), expires_at = EXCLUDED.expires_at"
                + " WHERE stage_leases.expires_at <= now()"
                + " RETURNING generation)"
                + " SELECT taken.generation, (SELECT run_id FROM previous) FROM taken";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, stage);
            ps.setString(2, stage);
            ps.setString(3, owner);
            ps.setObject(4, runId);
            ps.setDouble(5, seconds(ttl));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Lease lease = new Lease(stage, owner, runId, rs.getLong(1));
                return Optional.of(new LeaseGrant(lease, Optional.ofNullable(rs.getObject(2, UUID.class))));
            }
        }
    }

    /** Extends the lease; false when it changed hands (our generation is gone). */
    public boolean renew(Lease lease, Duration ttl) throws SQLException {
        String sql = "UPDATE stage_leases SET expires_at = now() + make_interval(secs => ?)"
                + " WHERE stage = ? AND generation = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setDouble(1, seconds(ttl));
            ps.setString(2, lease.stage());
            ps.setLong(3, lease.generation());
            return ps.executeUpdate() == 1;
        }
    }

    /** Frees the lease at once, keeping the row (and its generation) for the next owner. */
    public void release(Lease lease) throws SQLException {
        String sql = "UPDATE stage_leases SET expires_at = now() - interval '1 second'"
                + " WHERE stage = ? AND generation = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, lease.stage());
            ps.setLong(2, lease.generation());
            ps.executeUpdate();
        }
    }

    /** The live holder of a stage's lease, if any. */
    public Optional<Lease> holder(String stage) throws SQLException {
        String sql = "SELECT owner, run_id, generation FROM stage_leases WHERE stage = ? AND expires_at > now()";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, stage);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Lease(stage, rs.getString(1), rs.getObject(2, UUID.class), rs.getLong(3)))
                        : Optional.empty();
            }
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
