package io.recsys.monitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.testing.ConfigProxy;
import io.recsys.monitor.online.OnlineDaysCheck;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recomputed days must still have their impressions: monitor.online.days within the impressions and events retention. */
class OnlineDaysCheckTest {

    private static MonitorConfig config(int days, Duration retention) {
        return config(days, retention, Duration.ofDays(365));
    }

    private static MonitorConfig config(int days, Duration retention, Duration events) {
        MonitorConfig.Online online = ConfigProxy.of(MonitorConfig.Online.class, Map.of("days", days));
        MonitorConfig.Cleanup cleanup = ConfigProxy.of(
                MonitorConfig.Cleanup.class, Map.of("impressionsRetention", retention, "eventsRetention", events));
        return ConfigProxy.of(MonitorConfig.class, Map.of("online", online, "cleanup", cleanup));
    }

    @Test
    void daysWithinTheRetentionAgree() {
        assertThat(new OnlineDaysCheck(config(2, Duration.ofDays(30))).problem())
                .isEmpty();
        assertThat(new OnlineDaysCheck(config(30, Duration.ofDays(30))).problem())
                .isEmpty();
    }

    @Test
    void daysPastTheRetentionAreAProblemNamingBothKeys() {
        assertThat(new OnlineDaysCheck(config(3, Duration.ofHours(60))).problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("monitor.online.days (3)")
                        .contains("monitor.cleanup.impressions-retention (2 days)"));
        assertThat(new OnlineDaysCheck(config(3, Duration.ofDays(30), Duration.ofDays(1))).problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("monitor.online.days (3)")
                        .contains("monitor.cleanup.events-retention (1 days)"));
    }
}
