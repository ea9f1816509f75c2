package io.recsys.monitor.health;

import java.util.List;

/** The checks of one component; its status is the worst failed check's. */
public record ComponentHealth(HealthComponent component, List<Check> checks) {

    public HealthStatus status() {
        HealthStatus s = HealthStatus.HEALTHY;
        for (Check c : checks) {
            s = s.worst(c.status());
        }
        return s;
    }
}
