package io.recsys.serving.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.runner.InstanceIdentity;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ServiceMinute;
import io.recsys.serving.feedback.ImpressionRecorder;
import io.recsys.serving.model.ModelHolder;
import io.recsys.serving.model.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Request metrics twice: Micrometer (latency histogram per endpoint and outcome, fallbacks per
 * reason) for Prometheus, and per-minute aggregates written to {@code service_health}, so health
 * checks and alert rules work without Prometheus (with the impressions dropped in the minute).
 */
@ApplicationScoped
public class RequestStats {
    private static final Logger LOG = Logger.getLogger(RequestStats.class);

    private final MeterRegistry meters;
    private final ReplicaDirectory directory;
    private final InstanceIdentity identity;
    private final ModelHolder holder;
    private final ImpressionRecorder impressions;
    private final Clock clock;
    private final AtomicReference<MinuteWindow> window;
    private final Timer[][] timers = new Timer[Endpoint.values().length][RequestOutcome.values().length];

    public RequestStats(
            MeterRegistry meters,
            ReplicaDirectory directory,
            InstanceIdentity identity,
            ModelHolder holder,
            ImpressionRecorder impressions) {
        this.meters = meters;
        this.directory = directory;
        this.identity = identity;
        this.holder = holder;
        this.impressions = impressions;
        this.clock = Clock.systemUTC();
        this.window = new AtomicReference<>(new MinuteWindow(currentMinute()));
        // Registered once: looking a timer up per request would allocate its id every time.
        for (Endpoint e : Endpoint.values()) {
            for (RequestOutcome o : RequestOutcome.values()) {
                timers[e.ordinal()][o.ordinal()] = Timer.builder(MetricNames.SERVING_REQUESTS)
                        .tag(MetricNames.TAG_ENDPOINT, e.tag())
                        .tag(MetricNames.TAG_OUTCOME, o.name().toLowerCase(Locale.ROOT))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(meters);
            }
        }
    }

    public void record(Endpoint endpoint, long nanos, RequestOutcome outcome, String fallbackReason) {
        timers[endpoint.ordinal()][outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        if (fallbackReason != null) {
            meters.counter(MetricNames.SERVING_FALLBACKS, MetricNames.TAG_REASON, fallbackReason)
                    .increment();
        }
        rollIfNeeded().record(nanos / 1e6, outcome);
    }

    private Instant currentMinute() {
        return clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }

    /** The window of the current minute; a finished minute is written as soon as it is replaced. */
    private MinuteWindow rollIfNeeded() {
        MinuteWindow w = window.get();
        Instant now = currentMinute();
        if (w.minute.equals(now)) {
            return w;
        }
        MinuteWindow fresh = new MinuteWindow(now);
        if (window.compareAndSet(w, fresh)) {
            write(w);
            return fresh;
        }
        return window.get();
    }

    /** Writes finished minutes even when no request arrives to roll the window. */
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flushFinishedMinute() {
        rollIfNeeded();
    }

    /** The minute in progress, written now (at shutdown, or for a test that cannot wait a minute). */
    public void flushNow() {
        write(window.getAndSet(new MinuteWindow(currentMinute())));
    }

    void onStop(@Observes ShutdownEvent event) {
        flushNow();
    }

    private void write(MinuteWindow w) {
        long requests = w.requests.sum();
        if (requests == 0) {
            return; // an idle minute says nothing about error or fallback rates
        }
        ServiceMinute m = new ServiceMinute(
                identity.id(),
                w.minute,
                requests,
                w.errors.sum(),
                w.fallbacks.sum(),
                w.latencyMicros.sum() / 1000.0 / requests,
                w.maxMicros.get() / 1000.0,
                w.percentileMs(0.95),
                holder.current().map(ServedModel::modelId).orElse(null),
                impressions.takeDropped());
        try {
            directory.record(m);
        } catch (Exception e) {
            LOG.warnf("could not write service_health for %s: %s", w.minute, e.toString());
        }
    }
}
