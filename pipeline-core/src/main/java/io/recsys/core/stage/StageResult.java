package io.recsys.core.stage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stage reports back: succeeded or skipped, a one-line message, the versions of the inputs
 * it used, its outputs (paths, ids) and its metrics, all recorded in the run ledger.
 */
public record StageResult(
        RunStatus status,
        String message,
        Map<String, Object> inputVersions,
        Map<String, Object> outputs,
        Map<String, Object> metrics) {

    public StageResult {
        if (status != RunStatus.SUCCEEDED && status != RunStatus.SKIPPED) {
            throw new IllegalArgumentException("a stage returns SUCCEEDED or SKIPPED; failures are exceptions");
        }
        inputVersions = Map.copyOf(new LinkedHashMap<>(inputVersions));
        outputs = Map.copyOf(new LinkedHashMap<>(outputs));
        metrics = Map.copyOf(new LinkedHashMap<>(metrics));
    }

    public static StageResult succeeded(
            String message,
            Map<String, Object> inputVersions,
            Map<String, Object> outputs,
            Map<String, Object> metrics) {
        return new StageResult(RunStatus.SUCCEEDED, message, inputVersions, outputs, metrics);
    }

    public static StageResult skipped(String message, Map<String, Object> inputVersions) {
        return new StageResult(RunStatus.SKIPPED, message, inputVersions, Map.of(), Map.of());
    }
}
