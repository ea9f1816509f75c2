package io.recsys.monitor.rules;

import io.recsys.core.serving.ServiceMinute;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.monitor.health.Check;
import io.recsys.monitor.health.HealthStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seed's service alert rules over the serving replicas' per-minute aggregates: mean latency
 * above 200 ms (warning) or 500 ms (critical), error rate above 5 % (critical), fallback rate above
 * 30 % (warning). Rates are weighted by requests, across replicas. Answers not recorded as
 * impressions (a replica's buffer was full or the database refused a batch) are a warning: online
 * metrics and canary verdicts would count on missing data.
 */
@ApplicationScoped
public class ServiceAlertRules {
    private final MonitorConfig.Rules rules;

    public ServiceAlertRules(MonitorConfig config) {
        this.rules = config.rules();
    }

    public List<Check> evaluate(List<ServiceMinute> minutes) {
        long requests = 0;
        long errors = 0;
        long fallbacks = 0;
        long notRecorded = 0;
        double latencySum = 0;
        for (ServiceMinute m : minutes) {
            requests += m.requests();
            errors += m.errors();
            fallbacks += m.fallbacks();
            latencySum += m.avgLatencyMs() * m.requests();
            notRecorded += m.impressionsDropped();
        }
        List<Check> out = new ArrayList<>();
        if (requests == 0) {
            out.add(Check.pass(
                    "traffic", "no requests in the last " + rules.window().toMinutes() + " min"));
            return out;
        }
        double latency = latencySum / requests;
        double errorRate = (double) errors / requests;
        double fallbackRate = (double) fallbacks / requests;
        String over =
                " over " + requests + " requests in the last " + rules.window().toMinutes() + " min";
        String latencyText = String.format(Locale.ROOT, "mean latency %.1f ms", latency) + over;
        if (latency > rules.criticalLatencyMs()) {
            out.add(Check.fail(
                    "critical_latency",
                    HealthStatus.CRITICAL,
                    latencyText + " (critical above " + rules.criticalLatencyMs() + " ms)"));
        } else if (latency > rules.highLatencyMs()) {
            out.add(Check.fail(
                    "high_latency",
                    HealthStatus.WARNING,
                    latencyText + " (warning above " + rules.highLatencyMs() + " ms)"));
        } else {
            out.add(Check.pass("latency", latencyText));
        }
        String errorText = String.format(Locale.ROOT, "error rate %.2f%%", 100 * errorRate) + over;
        out.add(
                errorRate > rules.errorRate()
                        ? Check.fail(
                                "high_error_rate",
                                HealthStatus.CRITICAL,
                                errorText
                                        + String.format(
                                                Locale.ROOT, " (critical above %.1f%%)", 100 * rules.errorRate()))
                        : Check.pass("error_rate", errorText));
        String fallbackText = String.format(Locale.ROOT, "fallback rate %.1f%%", 100 * fallbackRate) + over;
        out.add(
                fallbackRate > rules.fallbackRate()
                        ? Check.fail(
                                "high_fallback_rate",
                                HealthStatus.WARNING,
                                fallbackText
                                        + String.format(
                                                Locale.ROOT, " (warning above %.0f%%)", 100 * rules.fallbackRate()))
                        : Check.pass("fallback_rate", fallbackText));
        if (notRecorded > 0) {
            out.add(Check.fail(
                    "impressions_dropped",
                    HealthStatus.WARNING,
                    notRecorded + " answers not recorded as impressions" + over
                            + " (a replica's buffer was full or the database refused a batch)"));
        }
        return out;
    }
}
