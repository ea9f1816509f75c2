package io.recsys.core.feedback;

import java.util.Locale;

/** Which model answered: the production alias's, or a canary's for the users in its share. */
public enum Variant {
    PRODUCTION,
    CANARY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
