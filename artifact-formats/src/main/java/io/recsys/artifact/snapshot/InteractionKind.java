package io.recsys.artifact.snapshot;

/**
 * Where an interaction row came from, stored per row as its {@link #code()}
 * ({@code interactions/kind.npy}). Rated kinds carry a rating; the implicit ones (a shopper's
 * view, click or add-to-cart posted to serving) carry none (NaN) and are weighted by the data
 * refresh's configuration instead. Codes are a stored format: never renumber.
 */
public enum InteractionKind {
    /** A row of the raw interactions file or a staging batch: a purchase with its review rating. */
    REVIEW(0, true),
    /** A rating event. */
    RATING(1, true),
    /** A purchase event, rated with the configured purchase rating. */
    PURCHASE(2, true),
    ADD_TO_CART(3, false),
    CLICK(4, false),
    VIEW(5, false);

    private final int code;
    private final boolean rated;

    InteractionKind(int code, boolean rated) {
        this.code = code;
        this.rated = rated;
    }

    public int code() {
        return code;
    }

    /** A rating says how much the shopper liked the item; an implicit row only that they looked. */
    public boolean rated() {
        return rated;
    }

    private static final InteractionKind[] BY_CODE = values();

    /** The kind of {@code code}, or null for a code this version does not know. */
    public static InteractionKind ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
