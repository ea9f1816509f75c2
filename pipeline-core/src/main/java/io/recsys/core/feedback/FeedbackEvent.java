package io.recsys.core.feedback;

import java.time.Instant;

/**
 * One shopper event, validated. {@code value} is the rating of a {@link EventType#RATING} event
 * and null otherwise; {@code requestId} names the answer (impression) the event followed, if any.
 */
public record FeedbackEvent(
        String eventId,
        String userId,
        String itemId,
        EventType type,
        Double value,
        String requestId,
        Instant occurredAt) {}
