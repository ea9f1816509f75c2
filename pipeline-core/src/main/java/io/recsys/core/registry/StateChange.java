package io.recsys.core.registry;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the registry's audit history: model {@code modelId} went from {@code from} (null when
 * it was registered) to {@code to}, for {@code reason}, by {@code actor} (a stage name, "api", or
 * "sql:&lt;user&gt;" for a change made outside the application) in run {@code runId} on {@code host}.
 */
public record StateChange(
        long id,
        String modelId,
        ModelState from,
        ModelState to,
        String reason,
        String actor,
        UUID runId,
        String host,
        Instant changedAt) {}
