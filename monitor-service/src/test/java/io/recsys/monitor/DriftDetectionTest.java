package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.drift.DriftVerdicts;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.monitor.drift.DriftStage;
import io.recsys.monitor.drift.DriftStore;
import io.recsys.serving.testing.CleanTestHome;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Drift between a baseline snapshot and later ones: an unchanged batch passes, a shifted one is flagged. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftDetectionTest {
    static final List<String> OLD = TestSnapshots.items("p", 100);
    static final double[] USUAL_RATINGS = {0.05, 0.05, 0.2, 0.35, 0.35};
    /** 100 days of history: 40 interactions a day. */
    static final TestSnapshots.Batch HISTORY = new TestSnapshots.Batch(4000, 200, 0, 100, OLD,
            TestSnapshots.zipf(100, 1.1), USUAL_RATINGS);
    /** 20 more days like the first 100. */
    static final TestSnapshots.Batch SAME = new TestSnapshots.Batch(800, 200, 100, 20, OLD,
            TestSnapshots.zipf(100, 1.1), USUAL_RATINGS);
    /** 20 days at twice the pace, mostly 1-star, mostly ten new items. */
    static final TestSnapshots.Batch SHIFTED = new TestSnapshots.Batch(1500, 200, 100, 20,
            TestSnapshots.items("n", 10), new double[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, new double[]{0.6, 0.2, 0.1, 0.05, 0.05});

    @Inject
    StageRunner runner;
    @Inject
    DriftStage stage;
    @Inject
    DriftStore drift;
    @Inject
    DriftVerdicts verdicts;
    @Inject
    ArtifactStore store;
    @Inject
    ArtifactRegistry artifacts;
    @Inject
    DataSource dataSource;

    private RunOutcome detect(String... args) throws Exception {
        return runner.run(stage, Trigger.CLI, OptionParser.parse(List.of(args), stage.options()));
    }

    private int driftAlerts() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM alert_log WHERE source = 'drift-detection' AND severity = 'WARNING'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    @Order(1)
    void theFirstRunMakesTheCurrentSnapshotTheBaseline() throws Exception {
        TestSnapshots.publish(store, artifacts, "drift-1", List.of(HISTORY));
        RunOutcome outcome = detect();
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).startsWith("baseline created from snapshot drift-1 (4000 interactions)");
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-1");
    }

    @Test
    @Order(2)
    void aBatchLikeTheHistoryIsNotDrift() throws Exception {
        TestSnapshots.publish(store, artifacts, "drift-2", List.of(HISTORY, SAME));
        RunOutcome outcome = detect();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("drift_detected", false).containsEntry("should_retrain", false)
                .containsEntry("severity", "low");
        assertThat(verdicts.latest("drift-2").map(DriftVerdicts.Verdict::shouldRetrain)).contains(false);
        assertThat(driftAlerts()).isZero();
    }

    @Test
    @Order(3)
    void aShiftedBatchWithNewTrendingItemsIsHighDrift() throws Exception {
        TestSnapshots.publish(store, artifacts, "drift-3", List.of(HISTORY, SHIFTED));
        RunOutcome outcome = detect();
        assertThat(outcome.outputs()).containsEntry("drift_detected", true).containsEntry("should_retrain", true)
                .containsEntry("severity", "high");
        String report = Files.readString(Path.of((String) outcome.outputs().get("report")));
        assertThat(report).contains("\"baseline_snapshot\" : \"drift-1\"").contains("\"current_snapshot\" : \"drift-3\"")
                .contains("Rating distribution changed").contains("Popular items changed")
                .contains("Interaction patterns changed").contains("\"n0\"");
        assertThat(verdicts.latest("drift-3").map(DriftVerdicts.Verdict::shouldRetrain)).contains(true);
        assertThat(driftAlerts()).isEqualTo(1);
        // The seed's drift_summary.md: this comparison in words, and the history (the quiet one before it).
        String summary = Files.readString(Path.of((String) outcome.outputs().get("summary")));
        assertThat(summary).contains("snapshot `drift-3` against baseline `drift-1`").contains("severity **high**")
                .contains("retraining advised").contains("| popularity | high |").contains("## Recommendations")
                .contains("- Popular items changed").containsPattern("New in the top items: .*n0")
                .contains("| drift-3 | drift-1 | high | yes |").contains("| drift-2 | drift-1 | low | no |");
    }

    @Test
    @Order(4)
    void updatingTheBaselineResetsTheComparison() throws Exception {
        assertThat(detect("--update-baseline").outputs()).containsEntry("baseline", "drift-3");
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-3");
        RunOutcome again = detect();
        assertThat(again.outputs()).containsEntry("drift_detected", false);
    }
}
