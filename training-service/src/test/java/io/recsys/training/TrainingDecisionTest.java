package io.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.drift.DriftVerdicts;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.retrain.RetrainReason;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.training.data.EmbeddingSetInput;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** When training retrains and why, without a database. */
class TrainingDecisionTest {
    private static final Instant STARTED = Instant.parse("2026-11-29T20:00:00Z");
    private static final EmbeddingSetInput EMB = new EmbeddingSetInput("emb-2", "aaaa");

    private static Optional<PipelineRun> last(Map<String, Object> inputs) {
        PipelineRun run = new PipelineRun();
        run.startedAt = STARTED;
        run.finishedAt = STARTED.plusSeconds(600);
        run.inputVersions = inputs;
        return Optional.of(run);
    }

    private static TrainingDecision decide(Optional<DriftVerdicts.Verdict> drift, EmbeddingSetInput emb,
                                           List<RetrainRequests.Request> open, Optional<PipelineRun> last) {
        return TrainingDecision.decide("snap-1", "sha", drift, emb, open, last, false);
    }

    @Test
    void theSameSnapshotAndEmbeddingContentUnderAnotherSetIdIsNoReason() {
        var d = decide(Optional.empty(), EMB, List.of(), last(Map.of("data_snapshot", "snap-1", "embedding_set", "emb-1",
                "embedding_set_sha256", "aaaa")));
        assertThat(d.train()).isFalse();
        assertThat(d.inputs()).containsEntry("embedding_set", "emb-2").containsEntry("embedding_set_sha256", "aaaa");

        var changed = decide(Optional.empty(), new EmbeddingSetInput("emb-2", "bbbb"), List.of(),
                last(Map.of("data_snapshot", "snap-1", "embedding_set", "emb-1", "embedding_set_sha256", "aaaa")));
        assertThat(changed.reasons()).singleElement().asString().startsWith("new product embeddings: set emb-2");
    }

    @Test
    void aRunRecordedBeforeDigestsIsComparedBySetId() {
        assertThat(decide(Optional.empty(), EMB, List.of(), last(Map.of("data_snapshot", "snap-1", "embedding_set",
                "emb-2"))).train()).isFalse();
        assertThat(decide(Optional.empty(), EMB, List.of(), last(Map.of("data_snapshot", "snap-1", "embedding_set",
                "emb-1"))).train()).isTrue();
    }

    @Test
    void aDriftVerdictWrittenWhileTheLastRunRanIsStillAReason() {
        Map<String, Object> same = Map.of("data_snapshot", "snap-1", "embedding_set_sha256", "aaaa");
        var during = new DriftVerdicts.Verdict(true, "medium", STARTED.plusSeconds(60));
        assertThat(decide(Optional.of(during), EMB, List.of(), last(same)).reasons()).singleElement().asString()
                .startsWith("drift detection asks for retraining (medium");
        var before = new DriftVerdicts.Verdict(true, "high", STARTED.minusSeconds(60));
        assertThat(decide(Optional.of(before), EMB, List.of(), last(same)).train()).isFalse();
        var noDrift = new DriftVerdicts.Verdict(false, "none", STARTED.plusSeconds(60));
        assertThat(decide(Optional.of(noDrift), EMB, List.of(), last(same)).skipMessage())
                .contains("drift detection does not ask for retraining");
    }

    @Test
    void everyOpenRetrainRequestIsAReasonAndIsRecorded() {
        var request = new RetrainRequests.Request(7, RetrainReason.DATA_AGE, "snap-1", "40 days", Instant.now(),
                "health-check", UUID.randomUUID(), null);
        var d = decide(Optional.empty(), EMB, List.of(request), last(Map.of("data_snapshot", "snap-1",
                "embedding_set_sha256", "aaaa")));
        assertThat(d.reasons()).containsExactly("retrain request #7 (data_age: 40 days, by health-check)");
        assertThat(d.requestIds()).containsExactly(7L);
        assertThat(d.inputs().get("retrain_requests")).asList().singleElement()
                .satisfies(m -> assertThat(m.toString()).contains("id=7").contains("reason=data_age"));
    }

    @Test
    void noFinishedRunOrForceAlwaysTrain() {
        assertThat(decide(Optional.empty(), EMB, List.of(), Optional.empty()).reasons())
                .containsExactly("no earlier training run");
        assertThat(TrainingDecision.decide("snap-1", "sha", Optional.empty(), EMB, List.of(),
                last(Map.of("data_snapshot", "snap-1", "embedding_set_sha256", "aaaa")), true).reasons())
                .containsExactly("--force");
    }
}
