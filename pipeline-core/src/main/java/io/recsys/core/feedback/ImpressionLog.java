package io.recsys.core.feedback;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import javax.sql.DataSource;

/** The {@code impressions} table: written in batches by serving, read by online metrics. */
@ApplicationScoped
public class ImpressionLog {
    private final DataSource dataSource;

    public ImpressionLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One round trip for the batch; a request id already stored is kept as it is. */
    public void append(List<Impression> batch) throws SQLException {
        String sql = "INSERT INTO impressions (request_id, served_at, instance_id, endpoint, user_id, anchor_item_id,"
                + " model_id, variant, fallback_reason, items) VALUES (?,?,?,?,?,?,?,?,?,?)"
                + " ON CONFLICT (request_id) DO NOTHING";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (Impression i : batch) {
                ps.setString(1, i.requestId());
                ps.setTimestamp(2, Timestamp.from(i.servedAt()));
                ps.setString(3, i.instanceId());
                ps.setString(4, i.endpoint());
                ps.setString(5, i.userId());
                ps.setString(6, i.anchorItemId());
                ps.setString(7, i.modelId());
                ps.setString(8, i.variant().wire());
                ps.setString(9, i.fallbackReason());
                Array items = c.createArrayOf("text", i.items().toArray());
                ps.setArray(10, items);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
