package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.artifact.embedding.EmbeddingSet;
import io.recsys.artifact.embedding.EmbeddingSetWriter;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ReplicaStatus;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.WorldSnapshot;
import io.recsys.monitor.health.Check;
import io.recsys.monitor.health.HealthCheckStage;
import io.recsys.monitor.metrics.LedgerGauges;
import io.recsys.monitor.rules.MissedRuns;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.ServingProcess;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The health check on a real stack (PostgreSQL, a serving replica process, published artifacts):
 * every test starts from a healthy stack of its own ({@link #aHealthyStack}) and breaks it one way:
 * the right status, component and alert each time.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class HealthCheckIT {
    private static final String REPLICA = "monitored-replica";
    /**
     * The serving replica, started by the first test that needs one; null when none runs (not
     * started yet, or a test crashed it: the next test that needs it starts it again).
     */
    private static ServingProcess replica;
    /** Published artifacts are immutable: each test's snapshot and models get their own number. */
    private static int fixtures;

    /** Alerts raised before this test began are not its business. */
    private long alertsBefore;
    /** This test's current data snapshot, champion and number ({@link #aHealthyStack}). */
    private String snapshot;

    private ModelVersion champion;
    private int fixture;

    @Inject
    StageRunner runner;

    @Inject
    HealthCheckStage stage;

    @Inject
    RunLedger ledger;

    @Inject
    MissedRuns missedRuns;

    @Inject
    ArtifactStore store;

    @Inject
    ArtifactRegistry artifacts;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Inject
    ReplicaDirectory directory;

    @Inject
    DataSource dataSource;

    @Inject
    LedgerGauges gauges;

    @Inject
    RetrainRequests retrainRequests;

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.close();
        }
    }

    /**
     * A healthy stack as of now, whatever other tests left: a ledger whose only runs are today's
     * successes of data refresh, training, deployment and drift detection (success rates, missed runs
     * and the first recorded run are this test's), no open retrain request, no product embeddings, and
     * a fresh, intact snapshot and champion in production of this test's own. The replica is the
     * business of the tests that need one ({@link #aLiveReplicaServingTheChampion}, {@link
     * #noReplicaRunning}).
     */
    @BeforeEach
    void aHealthyStack() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM alert_log");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            alertsBefore = rs.getLong(1);
        }
        execute("DELETE FROM pipeline_runs");
        consumeOpenRequests();
        execute("DELETE FROM artifact_aliases WHERE kind = ?", ArtifactKind.EMBEDDING_SET.id());
        fixture = ++fixtures;
        snapshot = "health-" + fixture;
        TestSnapshots.publish(store, artifacts, snapshot, List.of(DriftDetectionTest.HISTORY));
        champion = TestModels.publish(store, registry, TestModels.good("als-health-" + fixture));
        registry.crown(champion.id(), "test");
        aliases.move(ModelAliases.PRODUCTION, champion.id(), DeploymentAction.PROMOTE, "CLI", null, null);
        for (String s : List.of("data-refresh", "training", "deployment", "drift-detection")) {
            succeeded(s, RunStatus.SUCCEEDED);
        }
    }

    /** The replica running (started if none runs) and reporting this test's champion. */
    private void aLiveReplicaServingTheChampion() throws Exception {
        if (replica == null) {
            replica = ServingProcess.start(REPLICA, EmbeddedPostgresResource.jdbcUrl(), Path.of("target", "test-home"));
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> directory.live(Duration.ofSeconds(3)).stream()
                        .anyMatch(r ->
                                REPLICA.equals(r.instanceId()) && champion.id().equals(r.modelId())));
    }

    /** Crashes the replica (SIGKILL: its row stays, going stale) and waits until none is live. */
    private void crashTheReplica() throws Exception {
        replica.kill();
        replica = null;
        await().atMost(Duration.ofSeconds(20))
                .until(() -> directory.live(Duration.ofSeconds(3)).isEmpty());
    }

    /** No replica process that could write while the test compares the database (crashed if one ran). */
    private void noReplicaRunning() throws Exception {
        if (replica != null) {
            crashTheReplica();
        }
    }

    private RunOutcome check(String... args) throws Exception {
        return runner.run(stage, Trigger.CLI, OptionParser.parse(List.of(args), stage.options()));
    }

    private void succeeded(String stageName, RunStatus status) {
        var id = ledger.start(stageName, Trigger.CRON, "test", Map.of());
        ledger.finish(
                id,
                new RunLedger.Completion(
                        status, status.exitCode(), "test", Map.of(), Map.of(), Map.of(), null, null, 1));
    }

    /** Training: today's success of the fixture, then three failures (25 % of 4 runs). */
    private void trainingFailedThreeTimesOutOfFour() {
        for (int i = 0; i < 3; i++) {
            succeeded("training", RunStatus.FAILED);
        }
    }

    /** Deletes the largest file of this test's snapshot; returns its name. */
    private String aDamagedSnapshot() throws Exception {
        Path deleted = TestSnapshots.someArray(store, snapshot);
        Files.delete(deleted);
        return deleted.getFileName().toString();
    }

    /** This test's snapshot published 40 days ago, and no data refresh has confirmed it since. */
    private void trainingDataUnconfirmedForFortyDays() throws Exception {
        execute("UPDATE artifacts SET created_at = now() - interval '40 days' WHERE id = ?", snapshot);
        execute(
                "UPDATE pipeline_runs SET started_at = now() - interval '40 days', finished_at = now() - interval '40 days'"
                        + " WHERE stage = 'data-refresh'");
    }

    private List<String> healthAlerts(String severity) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT message FROM alert_log WHERE source = 'health-check' AND severity = ? AND id > ? ORDER BY id")) {
            ps.setString(1, severity);
            ps.setLong(2, alertsBefore);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    @Test
    void aHealthyStackIsHealthy() throws Exception {
        aLiveReplicaServingTheChampion();

        RunOutcome outcome = check("--json");
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).isEqualTo("overall healthy");
        assertThat(outcome.outputs())
                .containsEntry("status", "healthy")
                .containsEntry("service", "healthy")
                .containsEntry("data", "healthy")
                .containsEntry("models", "healthy")
                .containsEntry("pipelines", "healthy");
        String report = Files.readString(Path.of((String) outcome.outputs().get("report")));
        assertThat(report).contains("\"overall_status\" : \"healthy\"").contains(REPLICA + " serves " + champion.id());
        assertThat(healthAlerts("WARNING")).isEmpty();
        assertThat(healthAlerts("CRITICAL")).isEmpty();
    }

    @Test
    void aCrashedReplicaIsCritical() throws Exception {
        aLiveReplicaServingTheChampion();
        crashTheReplica();
        RunOutcome outcome = check("--component", "service");
        assertThat(outcome.outputs())
                .containsEntry("status", "critical")
                .containsEntry("service", "critical")
                .doesNotContainKey("data");
        assertThat(outcome.message())
                .contains("critical service/replicas_live: no live serving replica")
                .contains("warning service/replica_" + REPLICA)
                .contains("has not reported since");
        assertThat(healthAlerts("CRITICAL")).singleElement().asString().contains("no live serving replica");
    }

    @Test
    void aDeletedSnapshotIsCritical() throws Exception {
        String name = aDamagedSnapshot();
        RunOutcome outcome = check("--component", "data");
        assertThat(outcome.outputs()).containsEntry("status", "critical").containsEntry("data", "critical");
        assertThat(outcome.message()).contains("critical data/snapshot_intact").contains(name);
        assertThat(healthAlerts("CRITICAL")).singleElement().asString().contains(name);
    }

    @Test
    void aFailingStageIsAWarning() throws Exception {
        trainingFailedThreeTimesOutOfFour();
        RunOutcome outcome = check("--component", "pipelines");
        assertThat(outcome.outputs()).containsEntry("status", "warning").containsEntry("pipelines", "warning");
        assertThat(outcome.message()).contains("warning pipelines/success_rate_training: training: 25% of 4 runs");
        assertThat(healthAlerts("WARNING")).singleElement().asString().contains("success_rate_training");
    }

    @Test
    void aStageThatStoppedRunningIsReportedAsMissed() {
        // Three days from now, the daily data refresh that last succeeded today has missed two runs.
        List<Check> checks = missedRuns.evaluate(Instant.now().plus(Duration.ofDays(3)));
        Check refresh = checks.stream()
                .filter(c -> c.name().equals("missed_data-refresh"))
                .findFirst()
                .orElseThrow();
        assertThat(refresh.passed()).isFalse();
        assertThat(refresh.message())
                .contains("data-refresh missed its run due at")
                .contains("'0 2 * * *'");
        // Today everything on schedule is fine.
        assertThat(missedRuns.evaluate(Instant.now())).allMatch(Check::passed);
    }

    @Test
    void theLedgerIsExportedToPrometheus() throws Exception {
        trainingFailedThreeTimesOutOfFour();
        gauges.refresh();
        String metrics = io.restassured.RestAssured.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // Label sets end in "," in this exposition format; allow for it.
        assertThat(metrics)
                .containsPattern(
                        "recsys_ledger_last_success_timestamp_seconds\\{stage=\"data-refresh\",?\\} 1\\.[0-9]+E9")
                .containsPattern("recsys_ledger_success_rate\\{stage=\"training\",?\\} 0\\.25")
                .containsPattern("recsys_champion_metric\\{metric=\"recall@10\",model_type=\"als\",?\\} 0\\.2");
    }

    @Test
    void anUnknownComponentIsABadInvocation() throws Exception {
        RunOutcome outcome = check("--component", "disks");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INVOCATION);
        assertThat(outcome.message()).contains("--component must be service, data, models, pipelines or all");
    }

    private void execute(String sql, Object... params) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    @Test
    void aReplicaSilentForADayIsForgottenNotWarnedAboutForever() throws Exception {
        // A killed pod never heartbeats again under its name: a day later it is gone, not a warning.
        execute(
                "INSERT INTO serving_replicas (instance_id, base_url, started_at, last_seen) VALUES"
                        + " ('oom-killed-pod', 'http://10.0.0.9:8080', now() - interval '3 days', now() - interval '25 hours'),"
                        + " ('just-crashed-pod', 'http://10.0.0.8:8080', now() - interval '3 days', now() - interval '1 hour')");
        try {
            RunOutcome dry = runner.run(
                    stage, Trigger.CLI, OptionParser.parse(List.of("--component", "service", "--dry-run"), stage));
            assertThat(dry.message()).startsWith("dry run").doesNotContain("replica_oom-killed-pod");
            assertThat(directory.all()).extracting(ReplicaStatus::instanceId).contains("oom-killed-pod");

            RunOutcome outcome = check("--component", "service");
            assertThat(outcome.message())
                    .contains("warning service/replica_just-crashed-pod")
                    .doesNotContain("replica_oom-killed-pod");
            assertThat(Files.readString(Path.of((String) outcome.outputs().get("report"))))
                    .contains("forgot 1 replica(s) silent for more than 24 h: oom-killed-pod");
            assertThat(directory.all())
                    .extracting(ReplicaStatus::instanceId)
                    .doesNotContain("oom-killed-pod")
                    .contains("just-crashed-pod");
        } finally {
            // Neither pod exists: other tests must not see them in the directory.
            execute("DELETE FROM serving_replicas WHERE instance_id IN ('oom-killed-pod', 'just-crashed-pod')");
        }
    }

    @Test
    void aPersistingProblemIsTheSameAlertWhateverItsNumbers() throws Exception {
        // A snapshot that stays damaged between two checks: the same failing check is the same alert
        // (one fingerprint), so the alert service repeats it only after monitor.health.alert-repeat-after
        // once it was delivered (suppression itself: AlertServiceTest).
        aDamagedSnapshot();
        assertThat(check("--component", "data").message()).contains("critical data/snapshot_intact");
        RunOutcome outcome = check("--component", "data");
        assertThat(outcome.message()).contains("critical data/snapshot_intact");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(DISTINCT fingerprint), count(*) FROM alert_log WHERE source = 'health-check'"
                                + " AND severity = 'CRITICAL' AND id > ? AND subject = 'Health check: critical'"
                                + " AND message LIKE '%snapshot_intact%'")) {
            ps.setLong(1, alertsBefore);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(2)).as("raised twice (by each check)").isEqualTo(2);
                assertThat(rs.getLong(1)).as("one problem, one fingerprint").isEqualTo(1);
            }
        }
    }

    @Test
    void quietDataConfirmedByASkippedRefreshIsNotStale() throws Exception {
        // Published ten days ago, and no refresh has run since.
        execute("UPDATE artifacts SET created_at = now() - interval '10 days' WHERE id = ?", snapshot);
        execute(
                "UPDATE pipeline_runs SET started_at = now() - interval '10 days', finished_at = now() - interval '10 days'"
                        + " WHERE stage = 'data-refresh'");
        RunOutcome stale = check("--component", "data");
        assertThat(stale.message()).contains("warning data/snapshot_freshness: data last confirmed current 240 h ago");

        // Today's refresh found nothing new (skipped): the data is current again, whatever the snapshot's age.
        succeeded("data-refresh", RunStatus.SKIPPED);
        RunOutcome fresh = check("--component", "data");
        assertThat(fresh.outputs()).containsEntry("data", "healthy");
        assertThat(fresh.message()).doesNotContain("snapshot_freshness");
    }

    @Test
    void aModelNotRetrainedForThirtyDaysIsAWarningUntilTrainingRunsAgain() throws Exception {
        execute("UPDATE model_versions SET created_at = now() - interval '40 days' WHERE id = ?", champion.id());
        execute(
                "UPDATE pipeline_runs SET started_at = now() - interval '40 days', finished_at = now() - interval '40 days'"
                        + " WHERE stage = 'training'");
        RunOutcome old = check("--component", "models");
        assertThat(old.message()).contains("warning models/model_age: last trained 40 days ago (limit 30)");

        succeeded("training", RunStatus.SKIPPED); // today's training found nothing new: the champion is current
        RunOutcome current = check("--component", "models");
        assertThat(current.message()).doesNotContain("model_age");
    }

    private void publishEmbeddings(String id) throws Exception {
        store.publish(
                "embeddings",
                id,
                Map.of(),
                dir -> EmbeddingSetWriter.write(
                        dir, new EmbeddingSet(List.of("p0"), List.of("0"), new float[] {1}, 1, Map.of())));
        Path dir = store.area("embeddings").resolve(id);
        artifacts.registerAndPoint(
                new ArtifactRecord(
                        ArtifactKind.EMBEDDING_SET,
                        id,
                        dir.toString(),
                        store.manifestDigest(dir),
                        Instant.now(),
                        null,
                        Map.of(),
                        Map.of()),
                "current");
    }

    /** As training does for the requests it honoured: consumed, so new ones can be recorded. */
    private void consumeOpenRequests() throws Exception {
        retrainRequests.consume(
                retrainRequests.open().stream().map(RetrainRequests.Request::id).toList(), java.util.UUID.randomUUID());
    }

    private List<String> requestsFor(String subject) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT reason || ' by ' || requested_by_stage || ' ' || requested_by_run FROM retrain_requests"
                                + " WHERE subject = ? ORDER BY id")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }

    @Test
    void embeddingsAreAWarningAfterSevenDaysAndCriticalAfterThirty() throws Exception {
        String embeddings = "emb-health-" + fixture;
        publishEmbeddings(embeddings);
        // A weekly run that took more than the hour to the next check is not late: the grace covers it.
        execute("UPDATE artifacts SET created_at = now() - interval '7 days 2 hours' WHERE id = ?", embeddings);
        execute("UPDATE pipeline_runs SET started_at = now() - interval '7 days 2 hours',"
                + " finished_at = now() - interval '7 days 2 hours' WHERE stage = 'embeddings'");
        assertThat(check("--component", "data").message()).doesNotContain("embeddings_freshness");

        execute("UPDATE artifacts SET created_at = now() - interval '10 days' WHERE id = ?", embeddings);
        execute(
                "UPDATE pipeline_runs SET started_at = now() - interval '10 days', finished_at = now() - interval '10 days'"
                        + " WHERE stage = 'embeddings'");
        RunOutcome week = check("--component", "data");
        assertThat(week.message())
                .contains("warning data/embeddings_freshness: product embeddings last confirmed"
                        + " current 240 h ago (limit 7 days + 3 h grace, critical after 30 days)");
        assertThat(week.outputs().get("retrain_requested")).asList().isEmpty();

        execute("UPDATE artifacts SET created_at = now() - interval '40 days' WHERE id = ?", embeddings);
        RunOutcome month = check("--component", "data");
        assertThat(month.outputs()).containsEntry("data", "critical");
        assertThat(month.message())
                .contains(
                        "critical data/embeddings_freshness: product embeddings last confirmed" + " current 960 h ago");
        // The seed's retrain trigger: embeddings older than 30 days ask training to retrain.
        assertThat(month.outputs().get("retrain_requested"))
                .asList()
                .singleElement()
                .asString()
                .contains("embeddings_age: product embeddings (set " + embeddings
                        + ") last confirmed current 40 days ago");
        assertThat(requestsFor(embeddings)).containsExactly("EMBEDDINGS_AGE by health-check " + month.runId());

        succeeded("embeddings", RunStatus.SKIPPED); // today's run found the catalogue unchanged: current again
        RunOutcome confirmed = check("--component", "data");
        assertThat(confirmed.message()).doesNotContain("embeddings_freshness");
    }

    @Test
    void trainingDataOlderThanThirtyDaysRecordsOneRetrainRequest() throws Exception {
        trainingDataUnconfirmedForFortyDays();
        RunOutcome old = check("--component", "data");
        assertThat(old.outputs().get("retrain_requested"))
                .asList()
                .singleElement()
                .asString()
                .contains("data_age: training data (snapshot " + snapshot
                        + ") last confirmed current 40 days ago (retrain after 30)");
        assertThat(old.message()).contains("asked training to retrain: #");
        assertThat(requestsFor(snapshot)).containsExactly("DATA_AGE by health-check " + old.runId());

        // The next hourly check: the request is still open (and once honoured, the same snapshot asks no more).
        RunOutcome hourLater = check("--component", "data");
        assertThat(hourLater.outputs().get("retrain_requested")).asList().isEmpty();
        consumeOpenRequests();
        check("--component", "data");
        assertThat(requestsFor(snapshot)).hasSize(1);
        // A check that does not look at data does not evaluate the data triggers.
        assertThat(check("--component", "pipelines").outputs().get("retrain_requested"))
                .asList()
                .isEmpty();
    }

    @Test
    void aDryRunChecksEverythingAndWritesNothing() throws Exception {
        // What a real run would write: a report, a history row, a retrain request (the snapshot
        // unconfirmed for 40 days), a closed stale run, an alert. No replica writes meanwhile.
        noReplicaRunning();
        trainingDataUnconfirmedForFortyDays();
        var stuck = ledger.start("data-refresh", Trigger.CRON, "test", Map.of());
        execute("UPDATE pipeline_runs SET started_at = now() - interval '2 days' WHERE id = ?", stuck);
        Path home = store.root();
        WorldSnapshot before = WorldSnapshot.take(home);

        RunOutcome dry = check("--dry-run");
        assertThat(dry.status()).as(dry.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message())
                .startsWith("dry run: overall ")
                .endsWith("nothing written")
                .contains("warning pipelines/stale_runs: would close");
        assertThat(dry.outputs().get("would_request_retrain"))
                .asList()
                .singleElement()
                .asString()
                .contains("data_age: training data (snapshot " + snapshot + ")");
        assertThat(dry.outputs()).containsKey("report_not_written").doesNotContainKey("report");
        assertThat(before.differences(WorldSnapshot.take(home))).isEmpty();

        // The real run does each of those.
        RunOutcome real = check();
        assertThat(real.message()).contains("warning pipelines/stale_runs: closed");
        assertThat(Path.of((String) real.outputs().get("report"))).exists();
        assertThat(requestsFor(snapshot)).containsExactly("DATA_AGE by health-check " + real.runId());
        assertThat(ledger.find(stuck).orElseThrow().status).isEqualTo(RunStatus.ERROR);
        List<String> changed = before.differences(WorldSnapshot.take(home));
        assertThat(changed)
                .anyMatch(d -> d.startsWith("table health_checks"))
                .anyMatch(d -> d.startsWith("file created: reports/health/"));
    }
}
