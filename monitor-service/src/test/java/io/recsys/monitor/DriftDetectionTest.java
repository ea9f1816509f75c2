package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.alert.AlertService;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.drift.DriftVerdicts;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import io.recsys.core.testing.WorldSnapshot;
import io.recsys.model.ModelArtifact;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.monitor.drift.BaselinePolicy;
import io.recsys.monitor.drift.DriftDetector;
import io.recsys.monitor.drift.DriftStage;
import io.recsys.monitor.drift.DriftStore;
import io.recsys.monitor.drift.TrainedSnapshots;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenario: eight weeks of history, week 1 like it, a planted shift in week 2
 * only (ratings and new trending items). Drift is quiet after week 1, reported (high, alerted)
 * after week 2, and — once a model was trained on the week-2 snapshot and the baseline rolled to
 * it — quiet again after week 3. Then a moderate rating shift is medium drift and alerts as such,
 * dry runs change nothing, {@code --update-baseline} moves the baseline by hand, and under the
 * manual policy a retrain does not. Each test starts on a fresh installation (empty database and
 * home) and builds its point of the scenario with the helpers below, so the tests pass alone and in
 * any order.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class DriftDetectionTest {
    static final List<String> OLD = TestSnapshots.items("p", 100);
    static final double[] USUAL_RATINGS = {0.05, 0.05, 0.2, 0.35, 0.35};
    /** 100 days of history: 40 interactions a day (HealthCheckIT and CleanupTest use these two as plain data). */
    static final TestSnapshots.Batch HISTORY =
            new TestSnapshots.Batch(4000, 200, 0, 100, OLD, TestSnapshots.zipf(100, 1.1), USUAL_RATINGS);
    /** 20 more days like the first 100. */
    static final TestSnapshots.Batch SAME =
            new TestSnapshots.Batch(800, 200, 100, 20, OLD, TestSnapshots.zipf(100, 1.1), USUAL_RATINGS);

    // The scenario: 30 items, 300 interactions a day from 400 users, so that a week sees every item.
    static final List<String> ITEMS = TestSnapshots.items("p", 30);
    static final double[] POPULARITY = TestSnapshots.zipf(30, 1.0);
    static final List<String> TRENDING = TestSnapshots.items("n", 10);
    static final double[] EVEN = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    static final double[] SHIFTED_RATINGS = {0.6, 0.2, 0.1, 0.05, 0.05};
    static final int USERS = 400;
    static final List<TestSnapshots.Batch> WEEKS_0 = List.of(week(-8, 8 * 2100, ITEMS, POPULARITY, USUAL_RATINGS));
    static final List<TestSnapshots.Batch> WEEKS_1 = plus(WEEKS_0, week(0, 2100, ITEMS, POPULARITY, USUAL_RATINGS));
    /** Week 2: the same volume, mostly 1-star, and ten new items taking 30 % of it. */
    static final List<TestSnapshots.Batch> WEEKS_2 = plus(
            WEEKS_1, week(1, 1470, ITEMS, POPULARITY, SHIFTED_RATINGS), week(1, 630, TRENDING, EVEN, SHIFTED_RATINGS));
    /** Week 3 drawn from the week-2 snapshot's own mixture (90 % usual, 7 % shifted ratings, 3 % new items). */
    static final List<TestSnapshots.Batch> WEEKS_3 = plus(
            WEEKS_2,
            week(2, 1890, ITEMS, POPULARITY, USUAL_RATINGS),
            week(2, 147, ITEMS, POPULARITY, SHIFTED_RATINGS),
            week(2, 63, TRENDING, EVEN, SHIFTED_RATINGS));
    /**
     * Week 4: the week-2 snapshot's items, but 15 points of 5-star ratings moved to 4 stars (its shares
     * are 0.105, 0.065, 0.19, 0.32, 0.32): significant, larger than 0.1, below 0.2 — medium.
     */
    static final double[] MODERATE_RATINGS = {0.105, 0.065, 0.19, 0.47, 0.17};

    static final List<TestSnapshots.Batch> WEEKS_4 = plus(
            WEEKS_3, week(3, 2037, ITEMS, POPULARITY, MODERATE_RATINGS), week(3, 63, TRENDING, EVEN, MODERATE_RATINGS));
    /** Week 5: like the history again. */
    static final List<TestSnapshots.Batch> WEEKS_5 = plus(WEEKS_4, week(4, 2100, ITEMS, POPULARITY, USUAL_RATINGS));
    /** Week 6: like the history again. */
    static final List<TestSnapshots.Batch> WEEKS_6 = plus(WEEKS_5, week(5, 2100, ITEMS, POPULARITY, USUAL_RATINGS));

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
    ModelRegistry models;

    @Inject
    DataSource dataSource;

    @Inject
    DriftDetector detector;

    @Inject
    TrainedSnapshots trained;

    @Inject
    AlertService alerts;

    @Inject
    MonitorConfig config;

    /** Week {@code w} (0 = the one after the history) of {@code n} interactions. */
    static TestSnapshots.Batch week(int w, int n, List<String> items, double[] weights, double[] ratings) {
        int days = w < 0 ? -7 * w : 7;
        long from = 56 + 7L * Math.max(0, w) - (w < 0 ? days : 0);
        return new TestSnapshots.Batch(n, USERS, from, days, items, weights, ratings);
    }

    @SafeVarargs
    static List<TestSnapshots.Batch> plus(List<TestSnapshots.Batch> before, TestSnapshots.Batch... more) {
        List<TestSnapshots.Batch> all = new ArrayList<>(before);
        all.addAll(List.of(more));
        return all;
    }

    private RunOutcome detect(String... args) throws Exception {
        return runner.run(stage, Trigger.CLI, OptionParser.parse(List.of(args), stage.options()));
    }

    /** Drift alerts sent (not suppressed) about one snapshot: subject, then message. */
    private List<String[]> alertsAbout(String snapshot) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT severity, subject, message FROM alert_log WHERE source = 'drift-detection' AND NOT suppressed"
                                + " AND message LIKE ? ORDER BY id")) {
            ps.setString(1, "%snapshot " + snapshot + " %");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> report(RunOutcome outcome) throws Exception {
        return new ObjectMapper()
                .readValue(Path.of((String) outcome.outputs().get("report")).toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> report, String key) {
        return (Map<String, Object>) report.get(key);
    }

    /** A fresh installation for every test: no snapshot, baseline, report, model or alert yet. */
    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(dataSource, store.root());
    }

    /** The first run, on snapshot {@code id} published as the current one: the baseline is that snapshot. */
    private void aBaselineOn(String id, List<TestSnapshots.Batch> weeks) throws Exception {
        TestSnapshots.publish(store, artifacts, id, weeks);
        RunOutcome first = detect();
        assertThat(first.message()).as("precondition").startsWith("baseline created from snapshot " + id + " ");
    }

    /** The weekly run on snapshot {@code id}, published as the current one: compared, reported, alerted if drift. */
    private void aWeeklyRunOn(String id, List<TestSnapshots.Batch> weeks) throws Exception {
        TestSnapshots.publish(store, artifacts, id, weeks);
        RunOutcome run = detect();
        assertThat(run.status()).as("precondition: " + run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.outputs()).as("precondition: " + run.message()).containsKey("report");
    }

    /** Snapshot {@code id} published as the current one, and a model trained on it (the training stage ran). */
    private void aRetrainOn(String id, List<TestSnapshots.Batch> weeks) throws Exception {
        TestSnapshots.publish(store, artifacts, id, weeks);
        retrainedOn(store, models, id);
    }

    @Test
    void theFirstRunMakesTheCurrentSnapshotTheBaseline() throws Exception {
        TestSnapshots.publish(store, artifacts, "drift-w0", WEEKS_0);
        WorldSnapshot before = WorldSnapshot.take(store.root());
        RunOutcome dry = detect("--dry-run");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message())
                .isEqualTo("dry run: no baseline yet; would create it from snapshot drift-w0 (16800"
                        + " interactions); nothing written");
        assertThat(dry.outputs()).containsEntry("would_set_baseline", "drift-w0");
        assertThat(before.differences(WorldSnapshot.take(store.root()))).isEmpty();
        assertThat(drift.baseline()).isEmpty();

        RunOutcome outcome = detect();
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).isEqualTo("baseline created from snapshot drift-w0 (16800 interactions)");
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-w0");
    }

    @Test
    void weekOneLikeTheHistoryIsNotDrift() throws Exception {
        aBaselineOn("drift-w0", WEEKS_0);
        TestSnapshots.publish(store, artifacts, "drift-w1", WEEKS_1);
        RunOutcome outcome = detect();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs())
                .as(outcome.message())
                .containsEntry("drift_detected", false)
                .containsEntry("should_retrain", false)
                .containsEntry("severity", "low")
                .containsEntry("baseline_compared", "drift-w0");
        Map<String, Object> report = report(outcome);
        // Only the last seven days are compared: week 1, not the whole snapshot.
        assertThat(((Number) section(report, "recent_window").get("interactions")).intValue())
                .isBetween(2099, 2100);
        assertThat((Double) section(report, "rating_drift").get("ks_p_value")).isGreaterThan(0.05);
        assertThat((Double) section(report, "popularity_drift").get("spearman_correlation"))
                .isGreaterThan(0.95);
        assertThat((Double) section(report, "interaction_drift").get("volume_change_pct"))
                .isBetween(-1.0, 1.0);
        assertThat((Double) section(report, "interaction_drift").get("user_activity_change_pct"))
                .isBetween(-1.0, 1.0);
        assertThat(verdicts.latest("drift-w1").map(DriftVerdicts.Verdict::shouldRetrain))
                .contains(false);
        assertThat(alertsAbout("drift-w1")).isEmpty();
    }

    @Test
    void theShiftInWeekTwoIsHighDriftAndAlertsOnce() throws Exception {
        aBaselineOn("drift-w0", WEEKS_0);
        aWeeklyRunOn("drift-w1", WEEKS_1); // the summary's history lists it
        TestSnapshots.publish(store, artifacts, "drift-w2", WEEKS_2);
        RunOutcome outcome = detect();
        assertThat(outcome.outputs())
                .as(outcome.message())
                .containsEntry("drift_detected", true)
                .containsEntry("should_retrain", true)
                .containsEntry("severity", "high");
        assertThat(outcome.message()).isEqualTo("drift detected (high) against baseline drift-w0");
        Map<String, Object> report = report(outcome);
        Map<String, Object> rating = section(report, "rating_drift");
        assertThat(rating).containsEntry("severity", "high").containsEntry("significant", true);
        assertThat((Double) rating.get("ks_p_value")).isLessThan(0.05);
        assertThat((Double) rating.get("chi_square_p_value")).isLessThan(0.05);
        Map<String, Object> pop = section(report, "popularity_drift");
        assertThat((Double) pop.get("spearman_correlation")).isLessThan(0.8);
        assertThat((List<String>) pop.get("new_trending")).containsAll(TRENDING);
        assertThat(section(report, "interaction_drift")).containsEntry("severity", "low"); // the volume did not change
        assertThat(verdicts.latest("drift-w2").map(DriftVerdicts.Verdict::shouldRetrain))
                .contains(true);
        List<String[]> sent = alertsAbout("drift-w2");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)[0]).isEqualTo("WARNING");
        assertThat(sent.get(0)[1]).isEqualTo("Data drift detected (high)");
        assertThat(sent.get(0)[2])
                .startsWith("High data drift: snapshot drift-w2 (its last 7 days) against baseline drift-w0")
                .contains("Rating distribution changed")
                .contains("Popular items changed");
        String summary = Files.readString(Path.of((String) outcome.outputs().get("summary")));
        assertThat(summary)
                .contains("snapshot `drift-w2` against baseline `drift-w0`")
                .contains("severity **high**")
                .contains("retraining advised")
                .contains("| popularity | high |")
                .contains("ks_p_value")
                .contains("spearman_correlation")
                .containsPattern("New in the top items: .*n0")
                .contains("| drift-w2 | drift-w0 | high | yes |")
                .contains("| drift-w1 | drift-w0 | low | no |");
    }

    @Test
    void aDryRunOnThePopulatedHomeReportsTheSameAndChangesNothing() throws Exception {
        aBaselineOn("drift-w0", WEEKS_0);
        aWeeklyRunOn("drift-w2", WEEKS_2); // reported and alerted once
        WorldSnapshot before = WorldSnapshot.take(store.root());
        RunOutcome dry = detect("--dry-run");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message())
                .isEqualTo("dry run: drift detected (high) against baseline drift-w0; would write"
                        + " the report, alert (WARNING, high drift); nothing written");
        assertThat(dry.outputs())
                .containsEntry("dry_run", true)
                .containsEntry("severity", "high")
                .containsEntry("would_alert", "WARNING: Data drift detected (high)")
                .doesNotContainKey("report");
        RunOutcome dryUpdate = detect("--dry-run", "--update-baseline");
        assertThat(dryUpdate.message())
                .endsWith("alert (WARNING, high drift), make snapshot drift-w2 the baseline;" + " nothing written");
        assertThat(dryUpdate.outputs()).containsEntry("would_set_baseline", "drift-w2");
        assertThat(before.differences(WorldSnapshot.take(store.root()))).isEmpty();
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-w0");
        assertThat(alertsAbout("drift-w2")).hasSize(1);
    }

    @Test
    void afterARetrainOnTheShiftedSnapshotTheBaselineRollsAndWeekThreeIsQuiet() throws Exception {
        aBaselineOn("drift-w0", WEEKS_0);
        aWeeklyRunOn("drift-w2", WEEKS_2); // reported and alerted once
        retrainedOn(store, models, "drift-w2");
        // Right after the retrain, before any new interaction: the rolled baseline holds the very week that
        // drifted, so there is nothing to compare and nothing to report again.
        RunOutcome sameData = detect("--dry-run");
        assertThat(sameData.message())
                .startsWith("dry run: nothing to compare: no interaction is newer than the"
                        + " baseline (snapshot drift-w2")
                .contains("baseline would roll from drift-w0");
        assertThat(sameData.outputs())
                .containsEntry("drift_detected", false)
                .containsEntry("would_roll_baseline_to", "drift-w2");
        TestSnapshots.publish(store, artifacts, "drift-w3", WEEKS_3);
        // A dry run says it would roll the baseline, and does not.
        WorldSnapshot before = WorldSnapshot.take(store.root());
        RunOutcome dry = detect("--dry-run", "--update-baseline");
        assertThat(dry.message())
                .as(dry.message())
                .startsWith("dry run: no drift (low) against baseline drift-w2;"
                        + " would roll the baseline from drift-w0 to drift-w2 (model als-drift-w2 was trained on it), write the"
                        + " report, make snapshot drift-w3 the baseline; nothing written");
        assertThat(dry.outputs())
                .containsEntry("would_roll_baseline_to", "drift-w2")
                .containsEntry("would_alert", "no");
        assertThat(before.differences(WorldSnapshot.take(store.root()))).isEmpty();
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-w0");

        RunOutcome outcome = detect();
        assertThat(outcome.outputs())
                .as(outcome.message())
                .containsEntry("drift_detected", false)
                .containsEntry("baseline_rolled_to", "drift-w2")
                .containsEntry("baseline_compared", "drift-w2");
        assertThat(outcome.message())
                .isEqualTo("no drift (low) against baseline drift-w2; baseline rolled from drift-w0"
                        + " (model als-drift-w2 trained on drift-w2)");
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-w2");
        assertThat(report(outcome))
                .containsEntry(
                        "baseline_rolled",
                        Map.of("from", "drift-w0", "to", "drift-w2", "trained_model", "als-drift-w2"));
        assertThat(verdicts.latest("drift-w3").map(DriftVerdicts.Verdict::shouldRetrain))
                .contains(false);
        assertThat(alertsAbout("drift-w3")).isEmpty();
        // Reported once: the week-2 alert stays the only one.
        assertThat(alertsAbout("drift-w2")).hasSize(1);
        // And the next run has nothing left to roll.
        RunOutcome again = detect();
        assertThat(again.outputs()).containsEntry("drift_detected", false).doesNotContainKey("baseline_rolled_to");
    }

    @Test
    void aModerateRatingShiftIsMediumDriftAndAlertsWithItsSeverity() throws Exception {
        aBaselineOn("drift-w2", WEEKS_2); // where a retrain on week 2 rolls it
        TestSnapshots.publish(store, artifacts, "drift-w4", WEEKS_4);
        RunOutcome outcome = detect();
        assertThat(outcome.outputs())
                .as(outcome.message())
                .containsEntry("severity", "medium")
                .containsEntry("should_retrain", true);
        Map<String, Object> rating = section(report(outcome), "rating_drift");
        assertThat(rating).containsEntry("severity", "medium");
        assertThat((Double) rating.get("max_difference")).isBetween(0.1, 0.2);
        List<String[]> sent = alertsAbout("drift-w4");
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)[1]).isEqualTo("Data drift detected (medium)");
        assertThat(sent.get(0)[2]).startsWith("Medium data drift: snapshot drift-w4");
    }

    @Test
    void updateBaselineMakesTheCurrentSnapshotTheBaseline() throws Exception {
        aBaselineOn("drift-w2", WEEKS_2);
        retrainedOn(store, models, "drift-w2");
        TestSnapshots.publish(store, artifacts, "drift-w4", WEEKS_4);
        RunOutcome outcome = detect("--update-baseline");
        assertThat(outcome.outputs()).containsEntry("baseline", "drift-w4");
        assertThat(outcome.message()).endsWith("; baseline updated to drift-w4");
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-w4");
        // The model trained on drift-w2 is older than this baseline: it does not roll it back.
        RunOutcome next = detect("--dry-run");
        assertThat(next.outputs())
                .containsEntry("baseline_compared", "drift-w4")
                .doesNotContainKey("would_roll_baseline_to");
    }

    @Test
    void underTheManualPolicyARetrainDoesNotMoveTheBaseline() throws Exception {
        aBaselineOn("drift-w4", WEEKS_4);
        aRetrainOn("drift-w5", WEEKS_5);
        // The same stage with monitor.drift.baseline-policy=manual (a second application would wipe the shared test
        // home).
        DriftStage manual =
                new DriftStage(artifacts, store, detector, drift, trained, alerts, withPolicy(BaselinePolicy.MANUAL));
        RunOutcome outcome = runner.run(manual, Trigger.CLI, OptionParser.parse(List.of(), manual.options()));
        assertThat(outcome.outputs())
                .as(outcome.message())
                .containsEntry("baseline_compared", "drift-w4")
                .doesNotContainKey("baseline_rolled_to");
        assertThat(drift.baseline().orElseThrow().snapshotId()).isEqualTo("drift-w4");
        // The default policy would roll it.
        assertThat(detect("--dry-run").outputs()).containsEntry("would_roll_baseline_to", "drift-w5");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTrainedSnapshotWhoseFilesAreDamagedIsNotRolledTo() throws Exception {
        aBaselineOn("drift-w4", WEEKS_4);
        aRetrainOn("drift-w5", WEEKS_5);
        TestSnapshots.publish(store, artifacts, "drift-w6", WEEKS_6);
        Path file = TestSnapshots.someArray(store, "drift-w5");
        byte[] original = Files.readAllBytes(file);
        try {
            Files.write(file, new byte[] {1, 2, 3});
            RunOutcome dry = detect("--dry-run");
            assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(dry.outputs())
                    .containsEntry("baseline_compared", "drift-w4")
                    .doesNotContainKey("would_roll_baseline_to");
            assertThat((List<String>) dry.outputs().get("notes"))
                    .singleElement()
                    .asString()
                    .startsWith(
                            "baseline not rolled to drift-w5 (model als-drift-w5 was trained on it): its files cannot be read");
        } finally {
            Files.write(file, original);
        }
    }

    /** The application's configuration with another baseline policy. */
    private MonitorConfig withPolicy(BaselinePolicy policy) {
        return withDrift("baselinePolicy", policy);
    }

    /** The application's configuration with one drift setting replaced. */
    private MonitorConfig withDrift(String setting, Object value) {
        MonitorConfig.Drift d = config.drift();
        MonitorConfig.Drift drift = (MonitorConfig.Drift) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {MonitorConfig.Drift.class},
                (p, m, a) -> m.getName().equals(setting) ? value : m.invoke(d, a));
        return (MonitorConfig) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {MonitorConfig.class},
                (p, m, a) -> m.getName().equals("drift") ? drift : m.invoke(config, a));
    }

    /** What the training stage leaves behind when it trained a model on {@code snapshot}. */
    static void retrainedOn(ArtifactStore store, ModelRegistry models, String snapshot) throws Exception {
        String id = "als-" + snapshot;
        store.publish("models", id, Map.of(), dir -> ModelArtifact.write(dir, TestModels.good(id)));
        Path dir = store.area("models").resolve(id);
        Instant now = Instant.now();
        models.register(new ModelVersion(
                id,
                ModelType.ALS,
                ModelState.CANDIDATE,
                snapshot,
                Map.of(),
                1,
                Map.of("recall@10", 0.2),
                Map.of("recall@10", 0.1),
                Map.of(),
                dir.toString(),
                store.manifestDigest(dir),
                "trained on " + snapshot,
                null,
                now,
                now));
    }
}
