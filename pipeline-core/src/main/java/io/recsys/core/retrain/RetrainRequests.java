package io.recsys.core.retrain;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Requests to retrain ({@code retrain_requests}), recorded by a stage that sees a retrain trigger
 * (the health check) and honoured by the training stage, which consults them the way it consults
 * {@link io.recsys.core.drift.DriftVerdicts}: an open request is a reason to train, and the run
 * that trained marks the requests it honoured as consumed by it.
 */
@ApplicationScoped
public class RetrainRequests {
    /** One request; {@code consumedByRun} is null while it is open. */
    public record Request(
            long id,
            RetrainReason reason,
            String subject,
            String detail,
            Instant requestedAt,
            String requestedByStage,
            UUID requestedByRun,
            UUID consumedByRun) {

        /** What a run records about the request it honoured (no nulls: run ledger maps are copied). */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("reason", reason.label());
            m.put("subject", subject);
            m.put("detail", detail);
            m.put("requested_at", requestedAt.toString());
            m.put("requested_by", requestedByStage + (requestedByRun == null ? "" : " run " + requestedByRun));
            return m;
        }
    }

    private static final String COLUMNS =
            "id, reason, subject, detail, requested_at, requested_by_stage," + " requested_by_run, consumed_by_run";

    private final DataSource dataSource;

    public RetrainRequests(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a request unless one for this reason is still open or one was ever made for this
     * reason and subject (the unique indexes decide, so two checks at once cannot both record).
     *
     * @return the new request, or empty when an existing one already covers it
     */
    public Optional<Request> request(RetrainReason reason, String subject, String detail, String stage, UUID runId)
            throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO retrain_requests (reason, subject, detail, requested_at, requested_by_stage,"
                                + " requested_by_run) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING RETURNING "
                                + COLUMNS)) {
            ps.setString(1, reason.name());
            ps.setString(2, subject);
            ps.setString(3, detail);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.setString(5, stage);
            ps.setObject(6, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * The request ever made for this reason and subject, open or honoured: what a dry run reads to
     * say whether {@link #request} would record one.
     */
    public Optional<Request> find(RetrainReason reason, String subject) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT " + COLUMNS + " FROM retrain_requests WHERE reason = ? AND subject = ?")) {
            ps.setString(1, reason.name());
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** The requests no training run has honoured yet, oldest first. */
    public List<Request> open() throws SQLException {
        return query("SELECT " + COLUMNS + " FROM retrain_requests WHERE consumed_by_run IS NULL ORDER BY id");
    }

    /** Marks these requests as honoured by {@code runId}; ones already consumed are left alone. */
    public int consume(Collection<Long> ids, UUID runId) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE retrain_requests SET consumed_by_run = ?, consumed_at = now()"
                                + " WHERE id = ANY(?) AND consumed_by_run IS NULL")) {
            Array array = c.createArrayOf("bigint", ids.toArray());
            ps.setObject(1, runId);
            ps.setArray(2, array);
            return ps.executeUpdate();
        }
    }

    private List<Request> query(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            List<Request> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    private static Request read(ResultSet rs) throws SQLException {
        return new Request(
                rs.getLong(1),
                RetrainReason.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                rs.getString(6),
                rs.getObject(7, UUID.class),
                rs.getObject(8, UUID.class));
    }
}
