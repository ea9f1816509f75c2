package io.recsys.core.serving;

import java.time.Instant;

/**
 * One replica's requests in one minute (the seed's service_health row), and the answers it could
 * not record as impressions in that minute.
 */
public record ServiceMinute(
        String instanceId,
        Instant minute,
        long requests,
        long errors,
        long fallbacks,
        double avgLatencyMs,
        double maxLatencyMs,
        double p95LatencyMs,
        String modelId,
        long impressionsDropped) {

    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    public double fallbackRate() {
        return requests == 0 ? 0 : (double) fallbacks / requests;
    }
}
