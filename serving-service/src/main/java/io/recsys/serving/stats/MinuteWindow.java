package io.recsys.serving.stats;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for one minute of requests, updated lock-free from request threads. Latencies go into
 * log-spaced buckets (about 9 % wide, 10 µs to ~100 s), so a percentile costs no sorting and no
 * memory per request.
 */
final class MinuteWindow {
    private static final double MIN_MS = 0.01;
    private static final double GROWTH = 1.09;
    static final int BUCKETS = 190;

    final Instant minute;
    final LongAdder requests = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder latencyMicros = new LongAdder();
    final AtomicLong maxMicros = new AtomicLong();
    final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    /** The model that answered last in this window (per variant: the one the guard rows name). */
    final AtomicReference<String> modelId = new AtomicReference<>();

    MinuteWindow(Instant minute) {
        this.minute = minute;
    }

    void record(double latencyMs, RequestOutcome outcome) {
        requests.increment();
        if (outcome == RequestOutcome.ERROR) {
            errors.increment();
        } else if (outcome == RequestOutcome.FALLBACK) {
            fallbacks.increment();
        }
        long micros = Math.round(latencyMs * 1000);
        latencyMicros.add(micros);
        maxMicros.accumulateAndGet(micros, Math::max);
        histogram.incrementAndGet(bucket(latencyMs));
    }

    static int bucket(double ms) {
        if (ms <= MIN_MS) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log(ms / MIN_MS) / Math.log(GROWTH));
        return Math.min(BUCKETS - 1, b);
    }

    /** Upper edge of a bucket, in ms. */
    static double upperMs(int bucket) {
        return MIN_MS * Math.pow(GROWTH, bucket);
    }

    /** The latency below which a share {@code q} of the requests fell (bucket upper edge). */
    double percentileMs(double q) {
        long total = requests.sum();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += histogram.get(b);
            if (seen >= rank) {
                return Math.min(upperMs(b), maxMicros.get() / 1000.0);
            }
        }
        return maxMicros.get() / 1000.0;
    }
}
