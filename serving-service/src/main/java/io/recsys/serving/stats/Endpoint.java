package io.recsys.serving.stats;

import java.util.Locale;

/** The answering endpoints, as metric tags. */
public enum Endpoint {
    RECOMMEND,
    SIMILAR,
    POPULAR;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
