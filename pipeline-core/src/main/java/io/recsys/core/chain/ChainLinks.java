package io.recsys.core.chain;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The {@code chain_links} table: what each finished run's edges did. */
@ApplicationScoped
public class ChainLinks {
    private static final String COLUMNS = "id, parent_run_id, edge, from_stage, outcome, to_stage, decision,"
            + " child_run_id, launched_as, detail, decided_at";

    /** The oldest link from a parent (1) to a stage (2) that was started and not yet taken up. */
    private static final String OLDEST_OPEN_LINK = "(SELECT id FROM chain_links WHERE parent_run_id = ?"
            + " AND to_stage = ? AND decision = 'STARTED' AND child_run_id IS NULL ORDER BY id LIMIT 1"
            + " FOR UPDATE SKIP LOCKED)";

    private final DataSource dataSource;

    public ChainLinks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a decision on an edge that fired; returns the link. */
    public ChainLink record(UUID parentRunId, ChainEdge edge, LinkDecision decision, UUID childRunId, String detail)
            throws SQLException {
        String sql = "INSERT INTO chain_links (parent_run_id, edge, from_stage, outcome, to_stage, decision,"
                + " child_run_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, parentRunId);
            ps.setString(2, edge.name());
            ps.setString(3, edge.from());
            ps.setString(4, edge.outcome().name());
            ps.setString(5, edge.to());
            ps.setString(6, decision.name());
            ps.setObject(7, childRunId);
            ps.setString(8, detail);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    /** A STARTED link's launch: the Job's name or {@code local}. */
    public ChainLink launched(long id, String launchedAs) throws SQLException {
        return update("UPDATE chain_links SET launched_as = ? WHERE id = ? RETURNING " + COLUMNS, launchedAs, id);
    }

    /** A STARTED link whose launch failed. */
    public ChainLink launchFailed(long id, String detail) throws SQLException {
        return update(
                "UPDATE chain_links SET decision = 'LAUNCH_FAILED', detail = ? WHERE id = ? RETURNING " + COLUMNS,
                detail,
                id);
    }

    /**
     * Names {@code childRunId} as the run that took up the oldest open link from {@code parentRunId} to
     * its stage; false when there is none (a run started by hand with a parent).
     */
    public boolean attachChild(UUID parentRunId, String stage, UUID childRunId) throws SQLException {
        String sql = "UPDATE chain_links SET child_run_id = ? WHERE id = " + OLDEST_OPEN_LINK;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, childRunId);
            ps.setObject(2, parentRunId);
            ps.setString(3, stage);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The oldest open link from {@code parentRunId} to {@code stage} becomes ABSORBED by
     * {@code holderRunId} (its run met the stage's lease); false when there is none.
     */
    public boolean absorb(UUID parentRunId, String stage, UUID holderRunId, String detail) throws SQLException {
        String sql = "UPDATE chain_links SET decision = 'ABSORBED', child_run_id = ?, detail = ? WHERE id = "
                + OLDEST_OPEN_LINK;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, holderRunId);
            ps.setString(2, detail);
            ps.setObject(3, parentRunId);
            ps.setString(4, stage);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * When {@code edge} last started a run, if that is less than {@code coolDown} ago (by the
     * database's clock, as every process of the pipeline sees it).
     */
    public Optional<Instant> startedWithin(String edge, java.time.Duration coolDown) throws SQLException {
        String sql = "SELECT max(decided_at) FROM chain_links WHERE edge = ? AND decision = 'STARTED'"
                + " AND decided_at > now() - make_interval(secs => ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, edge);
            ps.setDouble(2, coolDown.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return Optional.ofNullable(t).map(Timestamp::toInstant);
            }
        }
    }

    /**
     * The stages of {@code runId} and of every run above it, the run's own first: a chain's length
     * and the stages a new link must not repeat.
     */
    public List<String> lineage(UUID runId) throws SQLException {
        // depth-bounded: a parent cycle made by hand cannot loop the query
        String sql = "WITH RECURSIVE up(id, parent, stage, depth) AS ("
                + " SELECT id, parent_run_id, stage, 1 FROM pipeline_runs WHERE id = ?"
                + " UNION ALL SELECT r.id, r.parent_run_id, r.stage, up.depth + 1"
                + " FROM pipeline_runs r JOIN up ON r.id = up.parent WHERE up.depth < 1000)"
                + " SELECT stage FROM up ORDER BY depth";
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The links a run's edges made, in the order they were decided. */
    public List<ChainLink> ofParent(UUID parentRunId) throws SQLException {
        return list("SELECT " + COLUMNS + " FROM chain_links WHERE parent_run_id = ? ORDER BY id", parentRunId);
    }

    /** The links of each of {@code parentRunIds} (one query, for a page of runs). */
    public java.util.Map<UUID, List<ChainLink>> ofParents(java.util.Collection<UUID> parentRunIds) throws SQLException {
        java.util.Map<UUID, List<ChainLink>> out = new java.util.HashMap<>();
        if (parentRunIds.isEmpty()) {
            return out;
        }
        String sql = "SELECT " + COLUMNS + " FROM chain_links WHERE parent_run_id = ANY (?) ORDER BY id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf("uuid", parentRunIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ChainLink l = read(rs);
                    out.computeIfAbsent(l.parentRunId(), k -> new ArrayList<>()).add(l);
                }
            }
        }
        return out;
    }

    /** The link a run took up, if it was started by one. */
    public Optional<ChainLink> ofChild(UUID childRunId) throws SQLException {
        return list(
                        "SELECT " + COLUMNS + " FROM chain_links WHERE child_run_id = ? AND decision = 'STARTED'",
                        childRunId)
                .stream()
                .findFirst();
    }

    private List<ChainLink> list(String sql, UUID id) throws SQLException {
        List<ChainLink> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        }
        return out;
    }

    private ChainLink update(String sql, String text, long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, text);
            ps.setLong(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no chain link " + id);
                }
                return read(rs);
            }
        }
    }

    private static ChainLink read(ResultSet rs) throws SQLException {
        return new ChainLink(
                rs.getLong("id"),
                rs.getObject("parent_run_id", UUID.class),
                rs.getString("edge"),
                rs.getString("from_stage"),
                ChainSignal.valueOf(rs.getString("outcome")),
                rs.getString("to_stage"),
                LinkDecision.valueOf(rs.getString("decision")),
                rs.getObject("child_run_id", UUID.class),
                rs.getString("launched_as"),
                rs.getString("detail"),
                rs.getTimestamp("decided_at").toInstant());
    }
}
