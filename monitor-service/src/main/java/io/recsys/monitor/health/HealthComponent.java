package io.recsys.monitor.health;

import java.util.Locale;

/** What a health check looks at; {@code --component} names one of these (or all). */
public enum HealthComponent {
    /** Serving replicas: live, reachable, model loaded, latency; the service alert rules. */
    SERVICE,
    /** The current data snapshot and embeddings: present, intact, fresh. */
    DATA,
    /** The champion and production: present, intact, good enough. */
    MODELS,
    /** Stages: success rates, stale runs, missed schedules. */
    PIPELINES;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
