package io.recsys.training;

import io.recsys.core.drift.DriftVerdicts;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.training.data.EmbeddingSetInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether training should run, and why: new data, new embedding content, a drift verdict or an
 * open retrain request since the last finished run, or {@code --force}. The same decision serves a
 * real run and a dry run (which reports it instead of acting on it). Hyper-parameter changes are
 * not part of it: retrain with {@code --force} after changing them.
 */
record TrainingDecision(List<String> reasons, Map<String, Object> inputs, List<RetrainRequests.Request> requests,
                        String skipMessage) {

    boolean train() {
        return !reasons.isEmpty();
    }

    List<Long> requestIds() {
        return requests.stream().map(RetrainRequests.Request::id).toList();
    }

    static TrainingDecision decide(String snapshotId, String snapshotManifestSha256, Optional<DriftVerdicts.Verdict> drift,
                                   EmbeddingSetInput embeddings, List<RetrainRequests.Request> openRequests,
                                   Optional<PipelineRun> lastSuccess, boolean force) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("data_snapshot", snapshotId);
        inputs.put("data_snapshot_manifest_sha256", snapshotManifestSha256);
        inputs.put("drift_verdict", drift.map(v -> (v.shouldRetrain() ? "retrain" : "no drift") + " (" + v.severity()
                + ", " + v.at() + ")").orElse("none"));
        inputs.put("embedding_set", embeddings.id());
        inputs.put("embedding_set_sha256", embeddings.contentSha256());
        inputs.put("retrain_requests", openRequests.stream().map(RetrainRequests.Request::describe).toList());

        List<String> reasons = new ArrayList<>();
        if (force) {
            reasons.add("--force");
        }
        // A run that died halfway must be redone: only a finished run (a success or a skip) covers its inputs.
        Map<String, Object> last = lastSuccess.map(r -> r.inputVersions).orElse(null);
        if (last == null) {
            reasons.add("no earlier training run");
        } else {
            Object lastSnapshot = last.get("data_snapshot");
            if (!snapshotId.equals(lastSnapshot)) {
                reasons.add("new data snapshot " + snapshotId + " (last trained on " + lastSnapshot + ")");
            }
            if (!sameEmbeddings(embeddings, last)) {
                reasons.add("new product embeddings: set " + embeddings.id() + ", content "
                        + abbreviate(embeddings.contentSha256()) + " (last trained on set " + last.get("embedding_set") + ")");
            }
            Optional<DriftVerdicts.Verdict> verdict = drift.filter(DriftVerdicts.Verdict::shouldRetrain);
            // After the last run began: a verdict written while it ran was not seen by it.
            if (verdict.isPresent() && verdict.get().at().isAfter(lastSuccess.get().startedAt)) {
                reasons.add("drift detection asks for retraining (" + verdict.get().severity() + ", "
                        + verdict.get().at() + ")");
            }
        }
        // The run that trains consumes the requests it read, so an open one has not been honoured yet.
        for (RetrainRequests.Request r : openRequests) {
            reasons.add("retrain request #" + r.id() + " (" + r.reason().label() + ": " + r.detail() + ", by "
                    + r.requestedByStage() + ")");
        }
        String skip = "models were already trained on snapshot " + snapshotId + " and embedding set " + embeddings.id()
                + (drift.isPresent() ? " and drift detection does not ask for retraining" : "")
                + "; no retrain request is open (use --force to retrain)";
        return new TrainingDecision(List.copyOf(reasons), inputs, List.copyOf(openRequests), skip);
    }

    /**
     * Compared by content digest; a run recorded before digests were (no {@code embedding_set_sha256})
     * is compared by set id, and one recorded before embeddings were an input at all counts as the same.
     */
    private static boolean sameEmbeddings(EmbeddingSetInput now, Map<String, Object> last) {
        Object sha = last.get("embedding_set_sha256");
        if (sha != null) {
            return now.contentSha256().equals(sha);
        }
        return now.id().equals(last.getOrDefault("embedding_set", now.id()));
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
