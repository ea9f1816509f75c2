package io.recsys.core.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code events} table: shoppers' events as the shop posted them, the source of the
 * interactions a data refresh takes from serving. Owned here (pipeline-core owns the schema);
 * serving writes it, the data refresh reads it.
 */
@ApplicationScoped
public class EventLog {
    /** The watermark before any event: every transaction id is at least this. */
    public static final String FROM_THE_START = "0";

    /**
     * Where a read stops: every event of a transaction below {@code watermark} was committed (or
     * rolled back) when the boundary was taken, so reading below it later gives exactly the same
     * events, and a transaction still open commits at or above it, for the next read.
     * {@code lastTxid} is the newest event's transaction below the watermark (null: no event), what
     * a refresh compares to know whether anything new arrived.
     */
    public record Boundary(String watermark, String lastTxid) {}

    private final DataSource dataSource;

    public EventLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a batch in one transaction: all of it or, on an error, none. An event whose id is
     * already stored is left as it is (a resend is a no-op).
     *
     * @return the events that were new, in batch order
     */
    public List<FeedbackEvent> append(List<FeedbackEvent> batch) throws SQLException {
        String sql = "INSERT INTO events (event_id, user_id, item_id, type, value, request_id, occurred_at)"
                + " VALUES (?,?,?,?,?,?,?) ON CONFLICT (event_id) DO NOTHING";
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (FeedbackEvent e : batch) {
                    ps.setString(1, e.eventId());
                    ps.setString(2, e.userId());
                    ps.setString(3, e.itemId());
                    ps.setString(4, e.type().wire());
                    if (e.value() == null) {
                        ps.setNull(5, Types.DOUBLE);
                    } else {
                        ps.setDouble(5, e.value());
                    }
                    ps.setString(6, e.requestId());
                    ps.setTimestamp(7, Timestamp.from(e.occurredAt()));
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                c.commit();
                List<FeedbackEvent> stored = new ArrayList<>();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] > 0) { // 0: the id was stored before (ON CONFLICT DO NOTHING)
                        stored.add(batch.get(i));
                    }
                }
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** Where a read taken now stops (see {@link Boundary}). */
    public Boundary boundary() throws SQLException {
        // One statement: the snapshot whose xmin is the watermark is the one the max is read in.
        String sql =
                "SELECT w.xmin::text, (SELECT txid::text FROM events WHERE txid < w.xmin ORDER BY txid DESC LIMIT 1)"
                        + " FROM (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin) w";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Boundary(rs.getString(1), rs.getString(2));
        }
    }

    /**
     * The events of transactions in [{@code from}, {@code upTo}), in the order they were stored,
     * streamed to {@code each}: a full rebuild reads from {@link #FROM_THE_START}, an incremental
     * refresh from the watermark its parent snapshot recorded.
     *
     * @return how many were read
     */
    public long read(String from, String upTo, EventConsumer each) throws SQLException {
        String sql = "SELECT event_id, user_id, item_id, type, value, request_id, occurred_at FROM events"
                + " WHERE txid >= ?::xid8 AND txid < ?::xid8 ORDER BY txid, received_at, event_id";
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false); // the driver streams with a fetch size only inside a transaction
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(10_000);
                ps.setString(1, from);
                ps.setString(2, upTo);
                long n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double v = rs.getDouble(5);
                        Double value = rs.wasNull() ? null : v;
                        each.accept(new FeedbackEvent(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                EventType.fromWire(rs.getString(4)).orElseThrow(),
                                value,
                                rs.getString(6),
                                rs.getTimestamp(7).toInstant()));
                        n++;
                    }
                }
                c.commit();
                return n;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** Takes each event of a read. */
    @FunctionalInterface
    public interface EventConsumer {
        void accept(FeedbackEvent event);
    }
}
