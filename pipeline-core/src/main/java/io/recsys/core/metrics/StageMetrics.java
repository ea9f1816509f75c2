package io.recsys.core.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.recsys.core.stage.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Runs, duration and outcome per stage, plus last-run and last-success timestamps. */
@ApplicationScoped
public class StageMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lastRun = new ConcurrentHashMap<>();

    public StageMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void recordRun(String stage, RunStatus status, Duration duration, Instant finishedAt) {
        String outcome = status.name().toLowerCase(Locale.ROOT);
        registry.counter(MetricNames.STAGE_RUNS, MetricNames.TAG_STAGE, stage, MetricNames.TAG_OUTCOME, outcome)
                .increment();
        Timer.builder(MetricNames.STAGE_DURATION)
                .tag(MetricNames.TAG_STAGE, stage)
                .tag(MetricNames.TAG_OUTCOME, outcome)
                .register(registry)
                .record(duration);
        gauge(lastRun, MetricNames.STAGE_LAST_RUN, stage).set(finishedAt.getEpochSecond());
        if (status.isSuccess()) {
            gauge(lastSuccess, MetricNames.STAGE_LAST_SUCCESS, stage).set(finishedAt.getEpochSecond());
        }
    }

    private AtomicLong gauge(Map<String, AtomicLong> holders, String name, String stage) {
        return holders.computeIfAbsent(stage, s -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::doubleValue)
                    .tag(MetricNames.TAG_STAGE, s)
                    .register(registry);
            return holder;
        });
    }
}
