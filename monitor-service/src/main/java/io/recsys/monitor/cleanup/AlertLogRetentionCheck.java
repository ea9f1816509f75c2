package io.recsys.monitor.cleanup;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.config.SettingsCheck;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code monitor.cleanup.alert-log-retention} must cover the longest window anything reads
 * {@code alert_log} over (the alert de-duplication window and the health check's repeat window):
 * rows deleted inside it would make alerts repeat. Checked at start-up (exit 2).
 */
@ApplicationScoped
public class AlertLogRetentionCheck implements SettingsCheck {
    private final Duration retention;
    private final Duration dedupWindow;
    private final Duration repeatAfter;

    public AlertLogRetentionCheck(MonitorConfig monitor, PipelineConfig pipeline) {
        this.retention = monitor.cleanup().alertLogRetention();
        this.dedupWindow = pipeline.alerts().dedupWindow();
        this.repeatAfter = monitor.health().alertRepeatAfter();
    }

    @Override
    public Optional<String> problem() {
        Duration window = dedupWindow.compareTo(repeatAfter) >= 0 ? dedupWindow : repeatAfter;
        if (retention.compareTo(window) >= 0) {
            return Optional.empty();
        }
        return Optional.of("monitor.cleanup.alert-log-retention (" + retention + ") is shorter than the window"
                + " alerts are de-duplicated over (" + window + ", recsys.alerts.dedup-window / monitor.health."
                + "alert-repeat-after): deleted rows would make alerts repeat");
    }
}
