package io.recsys.monitor.health;

import java.util.Locale;

/** How bad things are, in order. */
public enum HealthStatus {
    HEALTHY,
    WARNING,
    CRITICAL;

    public HealthStatus worst(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
