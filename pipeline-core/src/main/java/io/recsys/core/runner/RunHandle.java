package io.recsys.core.runner;

import io.recsys.core.lease.Lease;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import java.util.Optional;
import java.util.UUID;

/**
 * A run ready to execute. A real run holds its stage's lease; a dry run holds none ({@code lease}
 * is empty): it writes nothing, so it excludes nobody and nobody excludes it.
 */
public record RunHandle(UUID runId, Stage stage, Trigger trigger, StageOptions options, Optional<Lease> lease) {}
