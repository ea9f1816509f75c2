package io.recsys.core.serving;

import java.time.Instant;

/**
 * What one serving replica last reported.
 *
 * @param refusedModelId the last model it refused to load (null when none), with the reason
 * @param canaryModelId the model it serves to the canary's users (null when no canary), and the
 *     last canary model it refused, with the reason
 */
public record ReplicaStatus(
        String instanceId,
        String baseUrl,
        String modelId,
        String modelSha256,
        Instant modelLoadedAt,
        String refusedModelId,
        String refusalReason,
        Instant startedAt,
        Instant lastSeen,
        String canaryModelId,
        String canaryRefusedModelId,
        String canaryRefusalReason) {}
