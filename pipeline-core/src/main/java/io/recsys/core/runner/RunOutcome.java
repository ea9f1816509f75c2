package io.recsys.core.runner;

import io.recsys.core.chain.ChainLink;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** How a run ended, for the CLI (exit code) and the HTTP API; {@code chained}: what its edges did. */
public record RunOutcome(
        UUID runId,
        String stage,
        RunStatus status,
        ExitCode exitCode,
        String message,
        Map<String, Object> outputs,
        Path errorReport,
        List<String> details,
        List<ChainLink> chained) {}
