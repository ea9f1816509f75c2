package io.recsys.core.deploy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One move of an alias, with what verification found. */
public record Deployment(
        long id,
        String alias,
        DeploymentAction action,
        String modelId,
        String previousModelId,
        DeploymentStatus status,
        String trigger,
        UUID runId,
        String gitCommit,
        Map<String, Object> verification,
        String message,
        Instant startedAt,
        Instant finishedAt) {}
