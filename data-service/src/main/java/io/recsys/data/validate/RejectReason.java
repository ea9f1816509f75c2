package io.recsys.data.validate;

/** Why a row was rejected. */
public enum RejectReason {
    WRONG_FIELD_COUNT("wrong number of fields"),
    MISSING_USER_ID("missing user id"),
    MISSING_ITEM_ID("missing product id"),
    RATING_NOT_A_NUMBER("rating is not a number"),
    RATING_OUT_OF_RANGE("rating out of range"),
    RATING_NOT_INTEGER("rating is not a whole number of stars"),
    UNPARSEABLE_TIMESTAMP("unparseable date"),
    FUTURE_TIMESTAMP("date in the future"),
    CONTROL_CHARACTER("control character in a field"),
    UNKNOWN_PRODUCT("product not in the catalogue"),
    /** Counted apart from the others: not held against max-rejected-share. */
    DUPLICATE("duplicate (user, product, time)");

    private final String label;

    RejectReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
