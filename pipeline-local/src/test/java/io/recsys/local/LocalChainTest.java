package io.recsys.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalChainTest {

    private static final StageProcess.Result REFRESH = new StageProcess.Result(
            0,
            List.of(
                    "2026-12-07 10:00:00,000 INFO  [io.recsys.core.runner.StageRunner] stage=data-refresh chain:"
                            + " drift-detection STARTED (edge refresh-drift, snapshot-published): started",
                    "run 1a2b data-refresh SUCCEEDED: full refresh published snapshot s1",
                    "  snapshot_path = /home/snapshots/s1",
                    "chain: start drift-detection --parent-run 0b7e1c52-3f7a-4c1e-9b1f-6f2d2a8c9e11",
                    "chain: start embeddings --parent-run 0b7e1c52-3f7a-4c1e-9b1f-6f2d2a8c9e11",
                    "chain: training COOLING_DOWN (edge drift-training, retrain-advised): cool-down PT12H"));

    @Test
    void theStartsAreReadFromTheRunsOwnLinesInOrder() {
        assertThat(LocalChain.starts(REFRESH))
                .containsExactly(
                        new LocalChain.Start("drift-detection", "0b7e1c52-3f7a-4c1e-9b1f-6f2d2a8c9e11"),
                        new LocalChain.Start("embeddings", "0b7e1c52-3f7a-4c1e-9b1f-6f2d2a8c9e11"));
        // a log line that mentions the chain is not a start
        assertThat(LocalChain.starts(
                        new StageProcess.Result(0, List.of(REFRESH.output().get(0)))))
                .isEmpty();
    }

    @Test
    void linksThatStartedNothingAreNotesForPeople() {
        assertThat(LocalChain.notes(REFRESH))
                .containsExactly("training COOLING_DOWN (edge drift-training, retrain-advised): cool-down PT12H");
    }

    @Test
    void everyStageAnEdgeCanStartHasALocalWayToRun() {
        for (String stage : List.of("drift-detection", "embeddings", "training", "deployment", "health-check")) {
            assertThat(LocalSchedule.entry(stage)).as(stage).isNotNull();
        }
        assertThat(LocalSchedule.entry("health-check").args()).containsExactly("run-once", "--stage", "health-check");
        assertThat(LocalSchedule.entry("no-such-stage")).isNull();
    }
}
