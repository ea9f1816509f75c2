package io.recsys.core.registry;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A registered model version. */
public record ModelVersion(
        String id,
        ModelType type,
        ModelState state,
        String dataSnapshot,
        Map<String, Object> params,
        long seed,
        Map<String, Object> metrics,
        Map<String, Object> baselineMetrics,
        Map<String, Object> provenance,
        String artifactPath,
        String manifestSha256,
        String stateReason,
        UUID runId,
        Instant createdAt,
        Instant stateChangedAt) {

    public double metric(String name) {
        Object v = metrics.get(name);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("model " + id + " has no metric " + name);
        }
        return n.doubleValue();
    }
}
