package io.recsys.core.registry;

import java.util.EnumSet;
import java.util.Set;

/** Lifecycle of a model version. Transitions live in {@link #canBecome}. */
public enum ModelState {
    /** Trained and evaluated, not (yet) chosen. */
    CANDIDATE,
    /** The best model: what deployment promotes to production. At most one. */
    CHAMPION,
    /**
     * Did not pass the promotion gate, lost to a better candidate, failed deployment
     * verification, or was rolled back on demand. Never deployed again by default.
     */
    REJECTED,
    /** A former champion, replaced by a better one; a rollback may restore it, or reject it. */
    RETIRED;

    public boolean canBecome(ModelState next) {
        Set<ModelState> allowed = switch (this) {
            case CANDIDATE -> EnumSet.of(CHAMPION, REJECTED);
            case CHAMPION -> EnumSet.of(RETIRED, REJECTED);
            case RETIRED -> EnumSet.of(CHAMPION, REJECTED);
            case REJECTED -> EnumSet.noneOf(ModelState.class);
        };
        return allowed.contains(next);
    }
}
