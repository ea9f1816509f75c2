package io.recsys.training;

import io.recsys.core.drift.DriftVerdicts;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.core.stage.StageInputs;
import io.recsys.training.data.EmbeddingSetInput;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a training run reads: the current data snapshot, the embedding set cold items start from,
 * the snapshot's latest drift verdict and the open retrain requests. Recorded as the run's input
 * versions, which the next run compares against. Hyper-parameters are not part of it: retrain with
 * {@code --force} after changing them.
 */
public record TrainingInputs(
        String snapshotId,
        String snapshotManifestSha256,
        Optional<DriftVerdicts.Verdict> drift,
        EmbeddingSetInput embeddings,
        List<RetrainRequests.Request> openRequests)
        implements StageInputs {

    public TrainingInputs {
        openRequests = List.copyOf(openRequests);
    }

    @Override
    public Map<String, Object> asLedgerMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data_snapshot", snapshotId);
        m.put("data_snapshot_manifest_sha256", snapshotManifestSha256);
        m.put(
                "drift_verdict",
                drift.map(v -> (v.shouldRetrain() ? "retrain" : "no drift") + " (" + v.severity() + ", " + v.at() + ")")
                        .orElse("none"));
        m.put("embedding_set", embeddings.id());
        m.put("embedding_set_sha256", embeddings.contentSha256());
        m.put(
                "retrain_requests",
                openRequests.stream().map(RetrainRequests.Request::describe).toList());
        return m;
    }

    /** The skip rule's question: whether the run recorded with {@code last} trained on this data and these embeddings. */
    boolean unchangedSince(Map<String, Object> last) {
        return sameSnapshot(last) && sameEmbeddings(last);
    }

    /** What asks for a run beside changed inputs: a drift verdict since the last run began, or an open request. */
    boolean retrainAskedSince(Instant lastStarted) {
        return retrainVerdictSince(lastStarted).isPresent() || !openRequests.isEmpty();
    }

    /** Whether a run recorded with {@code last} input versions trained on this snapshot. */
    boolean sameSnapshot(Map<String, Object> last) {
        return snapshotId.equals(last.get("data_snapshot"));
    }

    /**
     * Compared by content digest; a run recorded before digests were (no {@code embedding_set_sha256})
     * is compared by set id, and one recorded before embeddings were an input at all counts as the same.
     */
    boolean sameEmbeddings(Map<String, Object> last) {
        Object sha = last.get("embedding_set_sha256");
        if (sha != null) {
            return embeddings.contentSha256().equals(sha);
        }
        return embeddings.id().equals(last.getOrDefault("embedding_set", embeddings.id()));
    }

    /** A verdict asking for retraining written after {@code since}: one written while the last run ran was not seen by it. */
    Optional<DriftVerdicts.Verdict> retrainVerdictSince(Instant since) {
        return drift.filter(DriftVerdicts.Verdict::shouldRetrain).filter(v -> v.at().isAfter(since));
    }

    /** Why a run is not needed, when the last one covered these inputs. */
    String skipMessage() {
        return "models were already trained on snapshot " + snapshotId + " and embedding set " + embeddings.id()
                + (drift.isPresent() ? " and drift detection does not ask for retraining" : "")
                + "; no retrain request is open (use --force to retrain)";
    }
}
