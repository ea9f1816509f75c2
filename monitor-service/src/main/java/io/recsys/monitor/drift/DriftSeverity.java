package io.recsys.monitor.drift;

/** How much the data moved; MEDIUM and above count as drift and ask for retraining. */
public enum DriftSeverity {
    NONE,
    LOW,
    MEDIUM,
    HIGH;

    public DriftSeverity max(DriftSeverity other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public boolean isDrift() {
        return ordinal() >= MEDIUM.ordinal();
    }
}
