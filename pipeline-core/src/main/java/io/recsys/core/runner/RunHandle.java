package io.recsys.core.runner;

import io.recsys.core.lease.Lease;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import java.util.UUID;

/** A run that holds its stage's lease and is ready to execute. */
public record RunHandle(UUID runId, Stage stage, Trigger trigger, StageOptions options, Lease lease) {
}
