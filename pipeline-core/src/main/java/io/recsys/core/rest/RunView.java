package io.recsys.core.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.recsys.core.chain.ChainLink;
import io.recsys.core.ledger.PipelineRun;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A run as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunView(
        UUID id,
        String stage,
        String trigger,
        String status,
        Instant startedAt,
        Instant finishedAt,
        Long durationMs,
        String host,
        Map<String, Object> options,
        Map<String, Object> inputVersions,
        Map<String, Object> outputs,
        Map<String, Object> metrics,
        String message,
        String errorMessage,
        String errorReportPath,
        int attempt,
        Integer exitCode,
        boolean dryRun,
        UUID parentRunId,
        List<UUID> children,
        List<ChainLink> chain) {

    public static RunView of(PipelineRun r) {
        return of(r, null, null);
    }

    /**
     * With the runs started on its behalf and what each edge that fired on its outcome did (null: not
     * looked up, as in lists).
     */
    public static RunView of(PipelineRun r, List<UUID> children, List<ChainLink> chain) {
        return new RunView(
                r.id,
                r.stage,
                r.trigger.name(),
                r.status.name(),
                r.startedAt,
                r.finishedAt,
                r.durationMs,
                r.host,
                r.options,
                r.inputVersions,
                r.outputs,
                r.metrics,
                r.message,
                r.errorMessage,
                r.errorReportPath,
                r.attempt,
                r.exitCode,
                r.dryRun,
                r.parentRunId,
                children,
                chain);
    }
}
