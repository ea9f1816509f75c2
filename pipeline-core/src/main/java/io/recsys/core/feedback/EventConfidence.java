package io.recsys.core.feedback;

import io.recsys.core.config.PipelineConfig;

/**
 * What one shopper event says as an interaction ({@code recsys.events.*}): a rating event its
 * value, a purchase the configured purchase rating, a view / click / add-to-cart no rating but a
 * weight relative to a purchase, whose confidence is weight × scale. The data refresh builds the
 * snapshot's confidence matrix by these values and serving's fold-in solves fresh users from them,
 * so a folded-in user is what the next model's training would start from.
 */
public final class EventConfidence {
    private final PipelineConfig.Events config;

    public EventConfidence(PipelineConfig.Events config) {
        this.config = config;
    }

    public static boolean rated(EventType type) {
        return type == EventType.RATING || type == EventType.PURCHASE;
    }

    /** The rating of a rated event (null for a rating event without a value). */
    public Double rating(FeedbackEvent e) {
        return e.type() == EventType.PURCHASE ? Double.valueOf(config.purchaseRating()) : e.value();
    }

    /** The weight of an implicit event, relative to a purchase. */
    public double weight(EventType type) {
        return switch (type) {
            case VIEW -> config.viewWeight();
            case CLICK -> config.clickWeight();
            case ADD_TO_CART -> config.addToCartWeight();
            case PURCHASE, RATING -> throw new IllegalArgumentException(type.wire() + " events carry a rating");
        };
    }

    /** The value in the confidence matrix, before ALS's α: the rating (no comment: quality 0), or weight × scale. */
    public float confidence(FeedbackEvent e) {
        return rated(e.type()) ? rating(e).floatValue() : (float) (weight(e.type()) * config.implicitScale());
    }

    /**
     * Which of two observations of one (user, item) makes the cell: a rating says more than behaviour,
     * so the latest rated one wins; among implicit ones only, the strongest, the later on a tie. The
     * one rule for the snapshot builder and the fold-in.
     */
    public static boolean replaces(
            boolean rated, double weight, long time, boolean keptRated, double keptWeight, long keptTime) {
        if (rated != keptRated) {
            return rated;
        }
        if (rated) {
            return time >= keptTime;
        }
        return weight > keptWeight || (weight == keptWeight && time >= keptTime);
    }
}
