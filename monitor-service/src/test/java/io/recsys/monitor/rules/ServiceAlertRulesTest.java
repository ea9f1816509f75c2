package io.recsys.monitor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.serving.ServiceMinute;
import io.recsys.core.testing.ConfigProxy;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.monitor.health.Check;
import io.recsys.monitor.health.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceAlertRulesTest {
    private static final Instant MINUTE = Instant.parse("2026-12-04T03:00:00Z");

    private final ServiceAlertRules rules = new ServiceAlertRules(ConfigProxy.of(
            MonitorConfig.class,
            Map.of(
                    "rules",
                    ConfigProxy.of(
                            MonitorConfig.Rules.class,
                            Map.of(
                                    "window", Duration.ofHours(1),
                                    "highLatencyMs", 200.0,
                                    "criticalLatencyMs", 500.0,
                                    "errorRate", 0.05,
                                    "fallbackRate", 0.3)))));

    private static ServiceMinute minute(String replica, long requests, long fallbacks, long dropped) {
        return new ServiceMinute(replica, MINUTE, requests, 0, fallbacks, 20, 40, 30, "m1", dropped);
    }

    private static List<String> failed(List<Check> checks) {
        return checks.stream().filter(c -> !c.passed()).map(Check::name).toList();
    }

    @Test
    void answersNotRecordedAsImpressionsAreAWarningSummedOverReplicas() {
        assertThat(failed(rules.evaluate(List.of(minute("a", 100, 0, 0), minute("b", 100, 0, 0)))))
                .isEmpty();
        List<Check> checks = rules.evaluate(List.of(minute("a", 100, 0, 3), minute("b", 100, 0, 4)));
        assertThat(checks)
                .filteredOn(c -> c.name().equals("impressions_dropped"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.status()).isEqualTo(HealthStatus.WARNING);
                    assertThat(c.message()).startsWith("7 answers not recorded as impressions over 200 requests");
                });
    }

    @Test
    void theSeedsFallbackRuleIsWeightedByRequests() {
        // 20 % and 90 %: 55 % unweighted, 170 of 500 = 34 % weighted: over 30 % either way
        assertThat(failed(rules.evaluate(List.of(minute("a", 400, 80, 0), minute("b", 100, 90, 0)))))
                .containsExactly("high_fallback_rate");
        assertThat(failed(rules.evaluate(List.of(minute("a", 900, 90, 0), minute("b", 100, 90, 0)))))
                .isEmpty();
    }
}
