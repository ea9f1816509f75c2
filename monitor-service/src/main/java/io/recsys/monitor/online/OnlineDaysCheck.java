package io.recsys.monitor.online;

import io.recsys.core.config.SettingsCheck;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * {@code monitor.online.days} must stay within {@code monitor.cleanup.impressions-retention}: a
 * recomputed day replaces its rows, and a day whose impressions the cleanup removed would be
 * replaced by nothing. Checked at start-up (exit 2); {@code --days} is held to the same limit.
 */
@ApplicationScoped
public class OnlineDaysCheck implements SettingsCheck {
    private final int days;
    private final long keptDays;

    public OnlineDaysCheck(MonitorConfig config) {
        this.days = config.online().days();
        this.keptDays = config.cleanup().impressionsRetention().toDays();
    }

    @Override
    public Optional<String> problem() {
        if (days <= keptDays) {
            return Optional.empty();
        }
        return Optional.of("monitor.online.days (" + days + ") reaches past monitor.cleanup.impressions-retention ("
                + keptDays + " days): recomputing a day whose impressions are gone would erase its metrics");
    }
}
