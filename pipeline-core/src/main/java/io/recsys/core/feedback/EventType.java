package io.recsys.core.feedback;

import java.util.Locale;
import java.util.Optional;

/** What a shopper did with an item, as the shop posts it ({@code "add_to_cart"}, ...). */
public enum EventType {
    VIEW,
    CLICK,
    ADD_TO_CART,
    PURCHASE,
    /** Carries the rating as its value. */
    RATING;

    /** The name on the wire and in the {@code events} table. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromWire(String s) {
        for (EventType t : values()) {
            if (t.wire().equals(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    public static String allowed() {
        StringBuilder b = new StringBuilder();
        for (EventType t : values()) {
            b.append(b.isEmpty() ? "" : ", ").append(t.wire());
        }
        return b.toString();
    }
}
