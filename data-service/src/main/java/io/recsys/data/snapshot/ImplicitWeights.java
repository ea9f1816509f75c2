package io.recsys.data.snapshot;

import io.recsys.artifact.snapshot.InteractionKind;

/**
 * How much a shopper's behaviour says, for the interactions that carry no rating (views, clicks,
 * add-to-carts posted to serving): a weight relative to a purchase (the seed's item-based trainer:
 * purchase 1.0, view 0.3), times {@code scale} for its confidence — with the default scale of 5 a
 * weight of 1 is as confident as a five-star review. A row is a positive when its weight reaches
 * {@code positiveWeight}; an implicit row is never a hard negative (looking is not disliking).
 */
public record ImplicitWeights(double view, double click, double addToCart, double scale, double positiveWeight) {

    public double weight(int kindCode) {
        InteractionKind kind = InteractionKind.ofCode(kindCode);
        return switch (kind) {
            case VIEW -> view;
            case CLICK -> click;
            case ADD_TO_CART -> addToCart;
            case REVIEW, RATING, PURCHASE -> throw new IllegalArgumentException(kind + " rows carry a rating");
        };
    }

    public float confidence(int kindCode) {
        return (float) (weight(kindCode) * scale);
    }

    public boolean positive(int kindCode) {
        return weight(kindCode) >= positiveWeight;
    }
}
