package io.recsys.core.alert;

import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.stage.DryRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Routes alerts to channels by severity, drops repeats inside the de-duplication window, and never
 * lets a broken channel break the caller: failures are logged and counted.
 */
@ApplicationScoped
public class AlertService {
    private static final Logger LOG = Logger.getLogger(AlertService.class);

    private final PipelineConfig.Alerts config;
    private final Map<ChannelKind, AlertChannel> channels = new EnumMap<>(ChannelKind.class);
    private final AlertLog alertLog;
    private final MeterRegistry meters;

    public AlertService(
            PipelineConfig config, Instance<AlertChannel> channels, AlertLog alertLog, MeterRegistry meters) {
        this.config = config.alerts();
        for (AlertChannel channel : channels) {
            this.channels.put(channel.kind(), channel);
        }
        this.alertLog = alertLog;
        this.meters = meters;
    }

    public List<ChannelKind> route(Severity severity) {
        return switch (severity) {
            case INFO -> config.info();
            case WARNING -> config.warning();
            case CRITICAL -> config.critical();
        };
    }

    public AlertOutcome send(Alert alert) {
        return send(alert, config.dedupWindow());
    }

    /**
     * Sends unless the same alert (fingerprint) was sent within {@code repeatAfter}. During a dry
     * run (the runner marks the logging context) nothing is sent or recorded: the alert is logged
     * as what the run would have sent.
     */
    public AlertOutcome send(Alert alert, java.time.Duration repeatAfter) {
        if (DryRun.active()) {
            LOG.infof("dry run: would send a %s alert '%s': %s", alert.severity(), alert.subject(), alert.message());
            return new AlertOutcome(true, List.of(), List.of(), Map.of());
        }
        String fingerprint = alert.fingerprint();
        try {
            if (alertLog.sentWithin(fingerprint, repeatAfter)) {
                AlertOutcome outcome = new AlertOutcome(true, List.of(), List.of(), Map.of());
                meters.counter(
                                MetricNames.ALERTS_SUPPRESSED,
                                "severity",
                                alert.severity().name())
                        .increment();
                LOG.debugf("alert suppressed as a repeat within %s: %s", repeatAfter, alert.subject());
                recordQuietly(alert, outcome);
                return outcome;
            }
        } catch (Exception e) {
            // Without the log we cannot tell a repeat; sending twice beats not sending.
            LOG.warnf("alert de-duplication unavailable (%s); sending anyway", e.getMessage());
        }
        List<ChannelKind> delivered = new ArrayList<>();
        List<ChannelKind> notConfigured = new ArrayList<>();
        Map<ChannelKind, String> failed = new LinkedHashMap<>();
        for (ChannelKind kind : route(alert.severity())) {
            AlertChannel channel = channels.get(kind);
            if (channel == null || !channel.configuredFor(alert)) {
                notConfigured.add(kind);
                continue;
            }
            try {
                channel.send(alert);
                delivered.add(kind);
                meters.counter(
                                MetricNames.ALERTS_SENT,
                                "channel",
                                kind.name().toLowerCase(Locale.ROOT),
                                "severity",
                                alert.severity().name())
                        .increment();
            } catch (Exception e) {
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                failed.put(kind, reason);
                meters.counter(MetricNames.ALERTS_FAILED, "channel", kind.name().toLowerCase(Locale.ROOT))
                        .increment();
                LOG.errorf("alert channel %s failed for '%s': %s", kind, alert.subject(), reason);
            }
        }
        AlertOutcome outcome = new AlertOutcome(false, delivered, notConfigured, failed);
        recordQuietly(alert, outcome);
        return outcome;
    }

    private void recordQuietly(Alert alert, AlertOutcome outcome) {
        try {
            alertLog.record(alert, outcome);
        } catch (Exception e) {
            LOG.warnf("could not record alert '%s' in alert_log: %s", alert.subject(), e.getMessage());
        }
    }
}
