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

/**
 * When training retrains and why, without a database: the questions the runner's skip rule asks
 * ({@link TrainingInputs}) and the reasons a run reports ({@link TrainingDecision}). The runner
 * skips exactly when a finished run exists and no reason but --force would be listed.
 */
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

    private static TrainingInputs inputs(
            Optional<DriftVerdicts.Verdict> drift, EmbeddingSetInput emb, List<RetrainRequests.Request> open) {
        return new TrainingInputs("snap-1", "sha", drift, emb, open);
    }

    private static TrainingDecision decide(
            Optional<DriftVerdicts.Verdict> drift,
            EmbeddingSetInput emb,
            List<RetrainRequests.Request> open,
            Optional<PipelineRun> last) {
        return TrainingDecision.decide(inputs(drift, emb, open), last, false);
    }

    /** What the runner decides with the stage's unchanged and stillValid, which ask these two questions. */
    private static boolean skips(
            Optional<DriftVerdicts.Verdict> drift,
            EmbeddingSetInput emb,
            List<RetrainRequests.Request> open,
            Optional<PipelineRun> last) {
        TrainingInputs in = inputs(drift, emb, open);
        PipelineRun run = last.orElseThrow();
        return in.unchangedSince(run.inputVersions) && !in.retrainAskedSince(run.startedAt);
    }

    @Test
    void theSameSnapshotAndEmbeddingContentUnderAnotherSetIdIsNoReason() {
        var last = last(Map.of("data_snapshot", "snap-1", "embedding_set", "emb-1", "embedding_set_sha256", "aaaa"));
        assertThat(skips(Optional.empty(), EMB, List.of(), last)).isTrue();
        assertThat(decide(Optional.empty(), EMB, List.of(), last).reasons()).isEmpty();
        assertThat(inputs(Optional.empty(), EMB, List.of()).asLedgerMap())
                .containsEntry("embedding_set", "emb-2")
                .containsEntry("embedding_set_sha256", "aaaa");

        var changed = decide(
                Optional.empty(),
                new EmbeddingSetInput("emb-2", "bbbb"),
                List.of(),
                last(Map.of("data_snapshot", "snap-1", "embedding_set", "emb-1", "embedding_set_sha256", "aaaa")));
        assertThat(changed.reasons()).singleElement().asString().startsWith("new product embeddings: set emb-2");
    }

    @Test
    void aRunRecordedBeforeDigestsIsComparedBySetId() {
        assertThat(skips(
                        Optional.empty(),
                        EMB,
                        List.of(),
                        last(Map.of("data_snapshot", "snap-1", "embedding_set", "emb-2"))))
                .isTrue();
        var otherSet = last(Map.of("data_snapshot", "snap-1", "embedding_set", "emb-1"));
        assertThat(skips(Optional.empty(), EMB, List.of(), otherSet)).isFalse();
        assertThat(decide(Optional.empty(), EMB, List.of(), otherSet).reasons())
                .singleElement()
                .asString()
                .startsWith("new product embeddings: set emb-2");
    }

    @Test
    void aDriftVerdictWrittenWhileTheLastRunRanIsStillAReason() {
        Map<String, Object> same = Map.of("data_snapshot", "snap-1", "embedding_set_sha256", "aaaa");
        var during = new DriftVerdicts.Verdict(true, "medium", STARTED.plusSeconds(60));
        assertThat(skips(Optional.of(during), EMB, List.of(), last(same))).isFalse();
        assertThat(decide(Optional.of(during), EMB, List.of(), last(same)).reasons())
                .singleElement()
                .asString()
                .startsWith("drift detection asks for retraining (medium");
        var before = new DriftVerdicts.Verdict(true, "high", STARTED.minusSeconds(60));
        assertThat(skips(Optional.of(before), EMB, List.of(), last(same))).isTrue();
        assertThat(decide(Optional.of(before), EMB, List.of(), last(same)).reasons())
                .isEmpty();
        var noDrift = new DriftVerdicts.Verdict(false, "none", STARTED.plusSeconds(60));
        assertThat(skips(Optional.of(noDrift), EMB, List.of(), last(same))).isTrue();
        assertThat(inputs(Optional.of(noDrift), EMB, List.of()).skipMessage())
                .contains("drift detection does not ask for retraining");
    }

    @Test
    void everyOpenRetrainRequestIsAReasonAndIsRecorded() {
        var request = new RetrainRequests.Request(
                7, RetrainReason.DATA_AGE, "snap-1", "40 days", Instant.now(), "health-check", UUID.randomUUID(), null);
        var last = last(Map.of("data_snapshot", "snap-1", "embedding_set_sha256", "aaaa"));
        assertThat(skips(Optional.empty(), EMB, List.of(request), last)).isFalse();
        var d = decide(Optional.empty(), EMB, List.of(request), last);
        assertThat(d.reasons()).containsExactly("retrain request #7 (data_age: 40 days, by health-check)");
        assertThat(d.requestIds()).containsExactly(7L);
        assertThat(inputs(Optional.empty(), EMB, List.of(request)).asLedgerMap().get("retrain_requests"))
                .asList()
                .singleElement()
                .satisfies(m -> assertThat(m.toString()).contains("id=7").contains("reason=data_age"));
    }

    @Test
    void anOnlineCtrRequestIsHonouredLikeTheOthersAndNamedInTheReason() {
        var request = new RetrainRequests.Request(
                9,
                RetrainReason.ONLINE_CTR,
                "als-1",
                "production model als-1: CTR 0.0800 … against 0.1000 …; down 20.0 %",
                Instant.now(),
                "online-metrics",
                UUID.randomUUID(),
                null);
        var last = last(Map.of("data_snapshot", "snap-1", "embedding_set_sha256", "aaaa"));
        assertThat(skips(Optional.empty(), EMB, List.of(request), last)).isFalse();
        assertThat(decide(Optional.empty(), EMB, List.of(request), last).reasons())
                .containsExactly("retrain request #9 (online_ctr: production model als-1: CTR 0.0800 … against"
                        + " 0.1000 …; down 20.0 %, by online-metrics)");
    }

    @Test
    void noFinishedRunOrForceAlwaysTrain() {
        assertThat(decide(Optional.empty(), EMB, List.of(), Optional.empty()).reasons())
                .containsExactly("no earlier training run");
        assertThat(TrainingDecision.decide(
                                inputs(Optional.empty(), EMB, List.of()),
                                last(Map.of("data_snapshot", "snap-1", "embedding_set_sha256", "aaaa")),
                                true)
                        .reasons())
                .containsExactly("--force");
    }
}
