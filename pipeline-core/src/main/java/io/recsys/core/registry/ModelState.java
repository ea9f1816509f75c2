package io.recsys.core.registry;

import java.util.EnumSet;
import java.util.Set;

/** Lifecycle of a model version. Transitions live in {@link #canBecome}. */
public enum ModelState {
    /** Trained and evaluated, not (yet) chosen. */
    CANDIDATE,
    /** The best model: what deployment promotes to production. At most one. */
    CHAMPION,
    /** Did not pass the promotion gate (or lost to a better candidate). */
    REJECTED,
    /** A former champion, replaced by a better one. */
    RETIRED;

    public boolean canBecome(ModelState next) {
        Set<ModelState> allowed = switch (this) {
            case CANDIDATE -> EnumSet.of(CHAMPION, REJECTED);
            case CHAMPION -> EnumSet.of(RETIRED);
            case REJECTED, RETIRED -> EnumSet.noneOf(ModelState.class);
        };
        return allowed.contains(next);
    }
}
