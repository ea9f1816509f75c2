package io.recsys.core.stage;

import io.recsys.core.chain.ChainSignal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a stage reports back: succeeded or skipped, a one-line message, the versions of the inputs
 * it used, its outputs (paths, ids) and its metrics, all recorded in the run ledger; and the
 * outcomes the chain acts on ({@link ChainSignal}: a new snapshot, a retrain verdict, a new champion).
 */
public record StageResult(
        RunStatus status,
        String message,
        Map<String, Object> inputVersions,
        Map<String, Object> outputs,
        Map<String, Object> metrics,
        Set<ChainSignal> signals) {

    public StageResult {
        if (status != RunStatus.SUCCEEDED && status != RunStatus.SKIPPED) {
            throw new IllegalArgumentException("a stage returns SUCCEEDED or SKIPPED; failures are exceptions");
        }
        inputVersions = Map.copyOf(new LinkedHashMap<>(inputVersions));
        outputs = Map.copyOf(new LinkedHashMap<>(outputs));
        metrics = Map.copyOf(new LinkedHashMap<>(metrics));
        signals = signals.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(signals));
    }

    public static StageResult succeeded(
            String message,
            Map<String, Object> inputVersions,
            Map<String, Object> outputs,
            Map<String, Object> metrics) {
        return new StageResult(RunStatus.SUCCEEDED, message, inputVersions, outputs, metrics, Set.of());
    }

    public static StageResult skipped(String message, Map<String, Object> inputVersions) {
        return new StageResult(RunStatus.SKIPPED, message, inputVersions, Map.of(), Map.of(), Set.of());
    }

    /** The same result, also saying {@code signal} happened (a dry run's result never chains). */
    public StageResult signalling(ChainSignal signal) {
        Set<ChainSignal> more = EnumSet.noneOf(ChainSignal.class);
        more.addAll(signals);
        more.add(signal);
        return new StageResult(status, message, inputVersions, outputs, metrics, more);
    }

    /** {@link #signalling} when {@code condition} holds. */
    public StageResult signallingIf(boolean condition, ChainSignal signal) {
        return condition ? signalling(signal) : this;
    }
}
