package io.recsys.serving.stats;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.recsys.core.feedback.Variant;
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
import java.util.ArrayList;
import java.util.List;
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
    /** The same minute per variant (production, canary), written only when the canary answered in it. */
    private final AtomicReference<MinuteWindow[]> arms;

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
        this.arms = new AtomicReference<>(arms(currentMinute()));
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

    /** One request, counted for the replica and for its variant (the arm of a canary it fell in). */
    public void record(
            Endpoint endpoint,
            long nanos,
            RequestOutcome outcome,
            String fallbackReason,
            Variant variant,
            String modelId) {
        timers[endpoint.ordinal()][outcome.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        if (fallbackReason != null) {
            meters.counter(MetricNames.SERVING_FALLBACKS, MetricNames.TAG_REASON, fallbackReason)
                    .increment();
        }
        double ms = nanos / 1e6;
        rollIfNeeded().record(ms, outcome);
        if (endpoint == Endpoint.RECOMMEND && modelId != null) {
            MinuteWindow arm = armsNow()[variant.ordinal()];
            arm.record(ms, outcome);
            arm.modelId.set(modelId);
        }
    }

    private static MinuteWindow[] arms(Instant minute) {
        MinuteWindow[] a = new MinuteWindow[Variant.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new MinuteWindow(minute);
        }
        return a;
    }

    /** The arms of the current minute; finished ones are written when replaced. */
    private MinuteWindow[] armsNow() {
        MinuteWindow[] a = arms.get();
        Instant now = currentMinute();
        if (a[0].minute.equals(now)) {
            return a;
        }
        MinuteWindow[] fresh = arms(now);
        if (arms.compareAndSet(a, fresh)) {
            writeArms(a);
            return fresh;
        }
        return arms.get();
    }

    /** Recommend requests per variant, only for a minute the canary answered in (else nothing to compare). */
    private void writeArms(MinuteWindow[] a) {
        if (a[Variant.CANARY.ordinal()].requests.sum() == 0) {
            return;
        }
        List<ReplicaDirectory.VariantMinute> rows = new ArrayList<>();
        for (Variant v : Variant.values()) {
            MinuteWindow w = a[v.ordinal()];
            long requests = w.requests.sum();
            if (requests > 0) {
                rows.add(new ReplicaDirectory.VariantMinute(
                        identity.id(),
                        w.minute,
                        v,
                        w.modelId.get(),
                        requests,
                        w.errors.sum(),
                        w.fallbacks.sum(),
                        w.percentileMs(0.99)));
            }
        }
        try {
            directory.record(rows);
        } catch (Exception e) {
            LOG.warnf("could not write variant_health for %s: %s", a[0].minute, e.toString());
        }
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
        armsNow();
    }

    /** The minute in progress, written now (at shutdown, or for a test that cannot wait a minute). */
    public void flushNow() {
        write(window.getAndSet(new MinuteWindow(currentMinute())));
        writeArms(arms.getAndSet(arms(currentMinute())));
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
