package io.recsys.data.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.artifact.snapshot.InteractionKind;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.feedback.EventConfidence;
import io.recsys.core.feedback.EventLog;
import io.recsys.core.feedback.FeedbackEvent;
import io.recsys.data.config.DataConfig;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectedRow;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shoppers' events (the {@code events} table, between two watermarks) as interaction rows: a
 * rating event is rated with its value, a purchase with {@code recsys.events.purchase-rating}; a
 * view, click or add-to-cart is an implicit row (no rating, weighted by the snapshot builder).
 * Validated by the same rules as file rows: a product the catalogue does not have is quarantined
 * (or kept and counted), a rating outside the range or not whole on an integer scale is rejected,
 * each with the event (as JSON) as its raw row.
 */
public final class EventRows {
    /** The quarantine's {@code source_file} of an event: there is no file, only the table. */
    public static final String SOURCE = "events";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InteractionReader.Rules rules;
    private final EventConfidence values;
    private final DataConfig.RatingType ratingType;

    public EventRows(InteractionReader.Rules rules, PipelineConfig.Events config, DataConfig.RatingType ratingType) {
        this.rules = rules;
        this.values = new EventConfidence(config);
        this.ratingType = ratingType;
    }

    /** The events of transactions in [{@code from}, {@code upTo}), validated, in stored order. */
    public RowBatch read(EventLog log, String from, String upTo) throws SQLException {
        RowBatch batch = new RowBatch(SOURCE, 1024, false);
        long[] position = {0};
        log.read(from, upTo, e -> add(batch, e, ++position[0]));
        return batch;
    }

    void add(RowBatch batch, FeedbackEvent e, long position) {
        batch.countRead();
        boolean unknownProduct = rules.catalogue() != null && !rules.catalogue().contains(e.itemId());
        if (unknownProduct && rules.unknownProducts() == DataConfig.UnknownProducts.QUARANTINE) {
            reject(
                    batch,
                    e,
                    position,
                    "item_id",
                    RejectReason.UNKNOWN_PRODUCT,
                    "'" + e.itemId() + "' is not in the catalogue");
            return;
        }
        if (e.occurredAt().isAfter(rules.latestAllowed())) {
            reject(
                    batch,
                    e,
                    position,
                    "timestamp",
                    RejectReason.FUTURE_TIMESTAMP,
                    e.occurredAt() + " is after " + rules.latestAllowed());
            return;
        }
        InteractionKind kind = switch (e.type()) {
            case VIEW -> InteractionKind.VIEW;
            case CLICK -> InteractionKind.CLICK;
            case ADD_TO_CART -> InteractionKind.ADD_TO_CART;
            case PURCHASE -> InteractionKind.PURCHASE;
            case RATING -> InteractionKind.RATING;
        };
        float rating = Float.NaN;
        if (kind.rated()) {
            if (kind == InteractionKind.RATING && e.value() == null) {
                reject(batch, e, position, "value", RejectReason.RATING_NOT_A_NUMBER, "a rating event without a value");
                return;
            }
            double r = values.rating(e);
            InteractionReader.RejectedRating refused = rules.ratingProblem(r, InteractionReader.fmt(r), ratingType);
            if (refused != null) {
                reject(batch, e, position, "value", refused.reason(), refused.detail());
                return;
            }
            rating = (float) r;
        }
        if (unknownProduct) {
            batch.countUnknownProduct(e.itemId());
        }
        batch.accept(
                e.userId(),
                e.itemId(),
                rating,
                e.occurredAt().getEpochSecond(),
                0f,
                kind.code(),
                position,
                null,
                -1,
                0);
    }

    private static void reject(
            RowBatch batch, FeedbackEvent e, long position, String field, RejectReason reason, String detail) {
        batch.rejected.add(
                new RejectedRow(SOURCE, position, field, reason, "event " + e.eventId() + ": " + detail, json(e)));
    }

    /** The event as the shop posted it, so a fixed one can be posted again. */
    static String json(FeedbackEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event_id", e.eventId());
        m.put("user_id", e.userId());
        m.put("item_id", e.itemId());
        m.put("type", e.type().wire());
        if (e.value() != null) {
            m.put("value", e.value());
        }
        if (e.requestId() != null) {
            m.put("request_id", e.requestId());
        }
        m.put("timestamp", e.occurredAt().toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (Exception ex) {
            return m.toString();
        }
    }
}
