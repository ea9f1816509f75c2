package io.recsys.monitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.ledger.StageStats;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Prometheus gauges read from Postgres, not pushed by the stages: last success time and success
 * rate per stage, the champion's metrics. A CronJob whose pod never started pushes nothing, but
 * its last-success gauge keeps ageing here, so a "no success for too long" rule still fires.
 */
@ApplicationScoped
public class LedgerGauges {
    private static final Logger LOG = Logger.getLogger(LedgerGauges.class);

    private final RunLedger ledger;
    private final ModelRegistry registry;
    private final MonitorConfig config;
    private final MeterRegistry meters;
    // Micrometer holds gauge targets weakly: the values live here.
    private final Map<String, AtomicReference<Double>> values = new ConcurrentHashMap<>();

    public LedgerGauges(RunLedger ledger, ModelRegistry registry, MonitorConfig config, MeterRegistry meters) {
        this.ledger = ledger;
        this.registry = registry;
        this.config = config;
        this.meters = meters;
    }

    @Scheduled(every = "30s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (Exception e) {
            LOG.warnf("ledger gauges not refreshed: %s", e.toString());
        }
    }

    public void refresh() throws Exception {
        TreeSet<String> stages = new TreeSet<>(config.schedules().keySet());
        int days = (int) Math.max(1, config.health().successWindow().toDays());
        for (StageStats s : ledger.stats(days)) {
            stages.add(s.stage());
            if (s.successRate() != null) {
                set(MetricNames.LEDGER_SUCCESS_RATE, s.successRate(), MetricNames.TAG_STAGE, s.stage());
            }
        }
        for (String stage : stages) {
            Optional<PipelineRun> last = ledger.lastSuccess(stage);
            // 0 when it never succeeded: "time() - gauge > threshold" then fires, as it should.
            set(
                    MetricNames.LEDGER_LAST_SUCCESS,
                    last.map(r -> r.finishedAt.getEpochSecond()).orElse(0L).doubleValue(),
                    MetricNames.TAG_STAGE,
                    stage);
        }
        Optional<ModelVersion> champion = registry.champion();
        if (champion.isPresent()) {
            for (Map.Entry<String, Object> m : champion.get().metrics().entrySet()) {
                if (m.getValue() instanceof Number n) {
                    set(
                            MetricNames.CHAMPION_METRIC,
                            n.doubleValue(),
                            MetricNames.TAG_METRIC,
                            m.getKey(),
                            MetricNames.TAG_MODEL_TYPE,
                            champion.get().type().name().toLowerCase(Locale.ROOT));
                }
            }
        }
    }

    private void set(String name, double value, String... tags) {
        String key = name + String.join("|", tags);
        values.computeIfAbsent(key, k -> {
                    AtomicReference<Double> holder = new AtomicReference<>(value);
                    Gauge.builder(name, holder, AtomicReference::get).tags(tags).register(meters);
                    return holder;
                })
                .set(value);
    }
}
