package io.recsys.core.feedback;

import java.time.Instant;
import java.util.List;

/**
 * One answer of serving: what was shown, to whom, by which model. {@code endpoint} is
 * {@code recommend}, {@code similar} or {@code popular}; {@code userId} is null for the item
 * endpoints, {@code anchorItemId} is the item of a similar-items answer; {@code items} are in rank
 * order (position 1 first).
 */
public record Impression(
        String requestId,
        Instant servedAt,
        String instanceId,
        String endpoint,
        String userId,
        String anchorItemId,
        String modelId,
        Variant variant,
        String fallbackReason,
        List<String> items) {}
