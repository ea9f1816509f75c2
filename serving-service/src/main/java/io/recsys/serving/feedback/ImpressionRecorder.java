package io.recsys.serving.feedback;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.recsys.core.feedback.Impression;
import io.recsys.core.feedback.ImpressionLog;
import io.recsys.core.metrics.MetricNames;
import io.recsys.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Records every answer as an impression without slowing it: the request thread only offers to a
 * bounded queue (never waits); one writer thread drains it in batches. A full queue drops the
 * impression and counts it (metric, and the replica's per-minute row, which the health check
 * warns on); a batch the database refuses is dropped and counted the same way, so a database
 * outage costs impressions, never answers.
 */
@ApplicationScoped
public class ImpressionRecorder {
    private static final Logger LOG = Logger.getLogger(ImpressionRecorder.class);

    private final boolean enabled;
    private final ImpressionSink sink;
    private final ArrayBlockingQueue<Impression> queue;
    private final int batchSize;
    private final long flushMillis;
    private final Counter recorded;
    private final Counter dropped;
    /** Drops not yet reported in a per-minute row. */
    private final AtomicLong droppedUnreported = new AtomicLong();

    private volatile boolean running;
    private Thread writer;

    @Inject
    public ImpressionRecorder(ImpressionLog log, ServingConfig config, MeterRegistry meters) {
        this(log::append, config.impressions(), meters);
    }

    ImpressionRecorder(ImpressionSink sink, ServingConfig.Impressions config, MeterRegistry meters) {
        this.enabled = config.enabled();
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(config.bufferSize());
        this.batchSize = config.batchSize();
        this.flushMillis = Math.max(1, config.flushInterval().toMillis());
        this.recorded = Counter.builder(MetricNames.SERVING_IMPRESSIONS)
                .description("answers written to the impressions table")
                .register(meters);
        this.dropped = Counter.builder(MetricNames.SERVING_IMPRESSIONS_DROPPED)
                .description("answers not recorded: buffer full or batch refused by the database")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    synchronized void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        writer = new Thread(this::drainLoop, "impression-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** From the request thread: never blocks. */
    public void record(Impression impression) {
        if (!enabled) {
            return;
        }
        if (!queue.offer(impression)) {
            drop(1);
        }
    }

    /** Drops since the last call, for the replica's per-minute row. */
    public long takeDropped() {
        return droppedUnreported.getAndSet(0);
    }

    private void drop(long n) {
        dropped.increment(n);
        droppedUnreported.addAndGet(n);
    }

    private void drainLoop() {
        List<Impression> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Impression first = queue.poll(flushMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Impression> batch) {
        try {
            sink.write(batch);
            recorded.increment(batch.size());
        } catch (Exception e) {
            drop(batch.size());
            LOG.warnf("%d impressions not recorded: %s", batch.size(), e.toString());
        }
    }

    /** Writes what is buffered, then stops the writer (at shutdown; bounded by the writer's own pace). */
    synchronized void stop() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        writer.join(TimeUnit.SECONDS.toMillis(10));
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        stop();
    }
}
