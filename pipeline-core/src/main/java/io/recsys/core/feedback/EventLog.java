package io.recsys.core.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
}
