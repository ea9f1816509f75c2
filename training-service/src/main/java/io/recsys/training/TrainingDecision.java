package io.recsys.training;

import io.recsys.core.drift.DriftVerdicts;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.retrain.RetrainRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why training runs: new data, new embedding content, a drift verdict or an open retrain request
 * since the last finished run, or {@code --force}. Whether it runs at all is the runner's skip rule
 * (the stage's {@code unchanged} and {@code stillValid} ask the same {@link TrainingInputs}
 * questions), so a run that goes ahead always has at least one reason; a dry run reports them.
 */
record TrainingDecision(List<String> reasons, List<RetrainRequests.Request> requests) {

    List<Long> requestIds() {
        return requests.stream().map(RetrainRequests.Request::id).toList();
    }

    /** {@code lastSuccess}: the last finished run (a success or a skip) with input versions. */
    static TrainingDecision decide(TrainingInputs in, Optional<PipelineRun> lastSuccess, boolean force) {
        List<String> reasons = new ArrayList<>();
        if (force) {
            reasons.add("--force");
        }
        // A run that died halfway must be redone: only a finished run (a success or a skip) covers its inputs.
        if (lastSuccess.isEmpty()) {
            reasons.add("no earlier training run");
        } else {
            Map<String, Object> last = lastSuccess.get().inputVersions;
            if (!in.sameSnapshot(last)) {
                reasons.add("new data snapshot " + in.snapshotId() + " (last trained on " + last.get("data_snapshot")
                        + ")");
            }
            if (!in.sameEmbeddings(last)) {
                reasons.add("new product embeddings: set " + in.embeddings().id() + ", content "
                        + abbreviate(in.embeddings().contentSha256()) + " (last trained on set "
                        + last.get("embedding_set") + ")");
            }
            Optional<DriftVerdicts.Verdict> verdict = in.retrainVerdictSince(lastSuccess.get().startedAt);
            if (verdict.isPresent()) {
                reasons.add("drift detection asks for retraining ("
                        + verdict.get().severity() + ", " + verdict.get().at() + ")");
            }
        }
        // The run that trains consumes the requests it read, so an open one has not been honoured yet.
        for (RetrainRequests.Request r : in.openRequests()) {
            reasons.add("retrain request #" + r.id() + " (" + r.reason().label() + ": " + r.detail() + ", by "
                    + r.requestedByStage() + ")");
        }
        return new TrainingDecision(List.copyOf(reasons), in.openRequests());
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
