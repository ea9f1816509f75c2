package io.recsys.monitor.online;

import io.recsys.core.config.SettingsCheck;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * {@code monitor.online.days} must stay within {@code monitor.cleanup.impressions-retention} and
 * {@code monitor.cleanup.events-retention}: a recomputed day replaces its rows, and a day whose
 * impressions (or events) the cleanup removed would be replaced by nothing (or by no clicks).
 * Checked at start-up (exit 2); {@code --days} is held to the impressions' limit too.
 */
@ApplicationScoped
public class OnlineDaysCheck implements SettingsCheck {
    private final int days;
    private final long impressionDays;
    private final long eventDays;

    public OnlineDaysCheck(MonitorConfig config) {
        this.days = config.online().days();
        this.impressionDays = config.cleanup().impressionsRetention().toDays();
        this.eventDays = config.cleanup().eventsRetention().toDays();
    }

    @Override
    public Optional<String> problem() {
        if (days > impressionDays) {
            return Optional.of("monitor.online.days (" + days + ") reaches past monitor.cleanup.impressions-retention ("
                    + impressionDays + " days): recomputing a day whose impressions are gone would erase its metrics");
        }
        if (days > eventDays) {
            return Optional.of("monitor.online.days (" + days + ") reaches past monitor.cleanup.events-retention ("
                    + eventDays + " days): recomputing a day whose events are gone would erase its clicks");
        }
        return Optional.empty();
    }
}
