package io.recsys.core.online;

import io.recsys.core.feedback.Variant;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Online metrics: computed from {@code impressions} and {@code events} in one SQL pass per
 * interval, stored per day, model and variant in {@code online_metrics}.
 *
 * <p><b>Attribution.</b> An impression is an answer of the recommend endpoint that showed at least
 * one item. A click, add-to-cart or purchase is attributed to the latest impression that showed
 * the event's item to the event's user at most the attribution window before the event happened
 * ({@code served_at <= occurred_at <= served_at + window}). An event naming a recorded answer by
 * its {@code request_id} can only be attributed to that one (when it qualifies: same user, item
 * shown, inside the window; otherwise to none); one naming an answer that was never recorded (a
 * replica's buffer was full) is matched like an event without one. So each event counts at most
 * once, whichever day windows are computed: the latest qualifying impression is looked for among
 * all impressions, not only the window's, and the window only keeps the events whose impression it
 * holds.
 */
@ApplicationScoped
public class OnlineMetricsStore {
    /**
     * One pass: the window's impressions, each attributable event's impression (by the index on
     * {@code (user_id, served_at)}), the totals per model and variant, and the distinct items shown.
     */
    static final String COMPUTE = """
            WITH p AS (SELECT ?::timestamptz AS t0, ?::timestamptz AS t1, make_interval(secs => ?) AS w),
            attributed AS (
                SELECT a.request_id, e.type
                FROM p
                CROSS JOIN events e
                CROSS JOIN LATERAL (
                    SELECT i.request_id
                    FROM impressions i
                    WHERE i.user_id = e.user_id
                      AND i.served_at <= e.occurred_at AND i.served_at >= e.occurred_at - p.w
                      AND i.endpoint = 'recommend' AND e.item_id = ANY (i.items)
                      AND (e.request_id IS NULL OR i.request_id = e.request_id
                           OR NOT EXISTS (SELECT 1 FROM impressions r WHERE r.request_id = e.request_id))
                    ORDER BY i.served_at DESC, i.request_id DESC
                    LIMIT 1) a
                WHERE e.type IN ('click', 'add_to_cart', 'purchase')
                  AND e.occurred_at >= p.t0 AND e.occurred_at < p.t1 + p.w
            ),
            per_impression AS (
                SELECT request_id,
                       count(*) FILTER (WHERE type = 'click') AS clicks,
                       count(*) FILTER (WHERE type = 'add_to_cart') AS carts,
                       count(*) FILTER (WHERE type = 'purchase') AS purchases
                FROM attributed GROUP BY request_id
            ),
            shown AS (
                SELECT i.request_id, i.user_id, i.model_id, i.variant, i.items
                FROM p CROSS JOIN impressions i
                WHERE i.endpoint = 'recommend' AND cardinality(i.items) >= 1
                  AND i.served_at >= p.t0 AND i.served_at < p.t1
            ),
            totals AS (
                SELECT s.model_id, s.variant, count(*) AS impressions, count(DISTINCT s.user_id) AS users,
                       coalesce(sum(x.clicks), 0)::bigint AS clicks, count(*) FILTER (WHERE x.clicks > 0) AS clicked,
                       coalesce(sum(x.carts), 0)::bigint AS carts, count(*) FILTER (WHERE x.carts > 0) AS carted,
                       coalesce(sum(x.purchases), 0)::bigint AS purchases,
                       count(*) FILTER (WHERE x.purchases > 0) AS purchased
                FROM shown s LEFT JOIN per_impression x ON x.request_id = s.request_id
                GROUP BY s.model_id, s.variant
            ),
            items AS (
                SELECT s.model_id, s.variant, count(DISTINCT item) AS distinct_items
                FROM shown s CROSS JOIN LATERAL unnest(s.items) AS item
                GROUP BY s.model_id, s.variant
            )
            SELECT t.model_id, t.variant, t.impressions, t.users, t.clicks, t.clicked, t.carts, t.carted,
                   t.purchases, t.purchased, i.distinct_items
            FROM totals t JOIN items i ON i.model_id = t.model_id AND i.variant = t.variant
            ORDER BY t.model_id, t.variant
            """;

    private static final String COLUMNS = "day, model_id, variant, impressions, users, clicks, clicked_impressions,"
            + " add_to_cart, carted_impressions, purchases, purchased_impressions, distinct_items, catalogue_size,"
            + " computed_at";

    private final DataSource dataSource;

    public OnlineMetricsStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The impressions served in {@code [from, to)} per model and variant, with the events
     * attributed to them (which may happen up to {@code window} after {@code to}). Writes nothing.
     */
    public List<OnlineCounts> compute(Instant from, Instant to, Duration window) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(COMPUTE)) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setDouble(3, window.toMillis() / 1000.0);
            List<OnlineCounts> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OnlineCounts(
                            rs.getString(1),
                            variant(rs.getString(2), rs.getString(1)),
                            rs.getLong(3),
                            rs.getLong(4),
                            rs.getLong(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getLong(8),
                            rs.getLong(9),
                            rs.getLong(10),
                            rs.getLong(11)));
                }
            }
            return out;
        }
    }

    /**
     * Replaces the day's rows with these, in one transaction: recomputing a day is idempotent, and
     * a model that no longer has impressions that day (none can gain some) leaves no stale row.
     */
    public void replaceDay(LocalDate day, List<OnlineCounts> rows, Long catalogueSize, Instant computedAt)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM online_metrics WHERE day = ?");
                    PreparedStatement upsert = c.prepareStatement("INSERT INTO online_metrics (" + COLUMNS
                            + ", ctr, add_to_cart_rate, purchase_rate, catalogue_coverage)"
                            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
                            + " ON CONFLICT (day, model_id, variant) DO UPDATE SET impressions = EXCLUDED.impressions,"
                            + " users = EXCLUDED.users, clicks = EXCLUDED.clicks,"
                            + " clicked_impressions = EXCLUDED.clicked_impressions, add_to_cart = EXCLUDED.add_to_cart,"
                            + " carted_impressions = EXCLUDED.carted_impressions, purchases = EXCLUDED.purchases,"
                            + " purchased_impressions = EXCLUDED.purchased_impressions,"
                            + " distinct_items = EXCLUDED.distinct_items, catalogue_size = EXCLUDED.catalogue_size,"
                            + " computed_at = EXCLUDED.computed_at, ctr = EXCLUDED.ctr,"
                            + " add_to_cart_rate = EXCLUDED.add_to_cart_rate, purchase_rate = EXCLUDED.purchase_rate,"
                            + " catalogue_coverage = EXCLUDED.catalogue_coverage")) {
                delete.setDate(1, Date.valueOf(day));
                delete.executeUpdate();
                Timestamp at = Timestamp.from(computedAt.truncatedTo(ChronoUnit.MICROS));
                for (OnlineCounts r : rows) {
                    OnlineDay d = new OnlineDay(day, r, catalogueSize, computedAt);
                    upsert.setDate(1, Date.valueOf(day));
                    upsert.setString(2, r.modelId());
                    upsert.setString(3, r.variant().wire());
                    upsert.setLong(4, r.impressions());
                    upsert.setLong(5, r.users());
                    upsert.setLong(6, r.clicks());
                    upsert.setLong(7, r.clickedImpressions());
                    upsert.setLong(8, r.addToCart());
                    upsert.setLong(9, r.cartedImpressions());
                    upsert.setLong(10, r.purchases());
                    upsert.setLong(11, r.purchasedImpressions());
                    upsert.setLong(12, r.distinctItems());
                    if (catalogueSize == null) {
                        upsert.setNull(13, Types.BIGINT);
                    } else {
                        upsert.setLong(13, catalogueSize);
                    }
                    upsert.setTimestamp(14, at);
                    upsert.setDouble(15, r.ctr());
                    upsert.setDouble(16, r.addToCartRate());
                    upsert.setDouble(17, r.purchaseRate());
                    if (d.coverage() == null) {
                        upsert.setNull(18, Types.DOUBLE);
                    } else {
                        upsert.setDouble(18, d.coverage());
                    }
                    upsert.addBatch();
                }
                upsert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** The stored days in {@code [from, to]}, oldest first, then by model and variant. */
    public List<OnlineDay> days(LocalDate from, LocalDate to) throws SQLException {
        return query(
                "SELECT " + COLUMNS
                        + " FROM online_metrics WHERE day >= ? AND day <= ? ORDER BY day, model_id, variant",
                ps -> {
                    ps.setDate(1, Date.valueOf(from));
                    ps.setDate(2, Date.valueOf(to));
                });
    }

    /** Every stored day of one model and variant, oldest first. */
    public List<OnlineDay> history(String modelId, Variant variant) throws SQLException {
        return query(
                "SELECT " + COLUMNS + " FROM online_metrics WHERE model_id = ? AND variant = ? ORDER BY day", ps -> {
                    ps.setString(1, modelId);
                    ps.setString(2, variant.wire());
                });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<OnlineDay> query(String sql, Binder binder) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<OnlineDay> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long catalogue = rs.getLong(13);
                    Long size = rs.wasNull() ? null : catalogue;
                    out.add(new OnlineDay(
                            rs.getDate(1).toLocalDate(),
                            new OnlineCounts(
                                    rs.getString(2),
                                    variant(rs.getString(3), rs.getString(2)),
                                    rs.getLong(4),
                                    rs.getLong(5),
                                    rs.getLong(6),
                                    rs.getLong(7),
                                    rs.getLong(8),
                                    rs.getLong(9),
                                    rs.getLong(10),
                                    rs.getLong(11),
                                    rs.getLong(12)),
                            size,
                            rs.getTimestamp(14).toInstant()));
                }
            }
            return out;
        }
    }

    private static Variant variant(String wire, String modelId) throws SQLException {
        for (Variant v : Variant.values()) {
            if (v.wire().equals(wire)) {
                return v;
            }
        }
        throw new SQLException("impressions of model " + modelId + " carry an unknown variant '" + wire
                + "' (expected one of "
                + java.util.Arrays.stream(Variant.values()).map(Variant::wire).toList() + ")");
    }
}
