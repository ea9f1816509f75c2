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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The health check on a real stack (PostgreSQL, a serving replica process, published artifacts),
 * healthy first, then broken one way at a time: the right status, component and alert each time.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthCheckIT {
    private static ServingProcess replica;
    /** Alerts other test classes raised before this one started are not this class's business. */
    private static long alertsBefore = -1;

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

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    @Order(1)
    void aHealthyStackIsHealthy() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(id), 0) FROM alert_log");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            alertsBefore = rs.getLong(1);
        }
        TestSnapshots.publish(store, artifacts, "health-1", List.of(DriftDetectionTest.HISTORY));
        ModelVersion model = TestModels.publish(store, registry, TestModels.good("als-health-1"));
        registry.crown(model.id(), "test");
        aliases.move(ModelAliases.PRODUCTION, model.id(), DeploymentAction.PROMOTE, "CLI", null, null);
        for (String s : List.of("data-refresh", "training", "deployment", "drift-detection")) {
            succeeded(s, RunStatus.SUCCEEDED);
        }
        replica = ServingProcess.start(
                "monitored-replica", EmbeddedPostgresResource.jdbcUrl(), Path.of("target", "test-home"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> directory.live(Duration.ofSeconds(3)).stream()
                        .anyMatch(r -> "als-health-1".equals(r.modelId())));

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
        assertThat(report)
                .contains("\"overall_status\" : \"healthy\"")
                .contains("monitored-replica serves als-health-1");
        assertThat(healthAlerts("WARNING")).isEmpty();
        assertThat(healthAlerts("CRITICAL")).isEmpty();
    }

    @Test
    @Order(2)
    void aCrashedReplicaIsCritical() throws Exception {
        replica.kill();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> directory.live(Duration.ofSeconds(3)).isEmpty());
        RunOutcome outcome = check("--component", "service");
        assertThat(outcome.outputs())
                .containsEntry("status", "critical")
                .containsEntry("service", "critical")
                .doesNotContainKey("data");
        assertThat(outcome.message())
                .contains("critical service/replicas_live: no live serving replica")
                .contains("warning service/replica_monitored-replica")
                .contains("has not reported since");
        assertThat(healthAlerts("CRITICAL")).singleElement().asString().contains("no live serving replica");
    }

    @Test
    @Order(3)
    void aDeletedSnapshotIsCritical() throws Exception {
        Path deleted = TestSnapshots.someArray(store, "health-1");
        Files.delete(deleted);
        String name = deleted.getFileName().toString();
        RunOutcome outcome = check("--component", "data");
        assertThat(outcome.outputs()).containsEntry("status", "critical").containsEntry("data", "critical");
        assertThat(outcome.message()).contains("critical data/snapshot_intact").contains(name);
        assertThat(healthAlerts("CRITICAL")).hasSize(2).last().asString().contains(name);
    }

    @Test
    @Order(4)
    void aFailingStageIsAWarning() throws Exception {
        for (int i = 0; i < 3; i++) {
            succeeded("training", RunStatus.FAILED);
        }
        RunOutcome outcome = check("--component", "pipelines");
        assertThat(outcome.outputs()).containsEntry("status", "warning").containsEntry("pipelines", "warning");
        assertThat(outcome.message()).contains("warning pipelines/success_rate_training: training: 25% of 4 runs");
        assertThat(healthAlerts("WARNING")).singleElement().asString().contains("success_rate_training");
    }

    @Test
    @Order(5)
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
    @Order(6)
    void theLedgerIsExportedToPrometheus() throws Exception {
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
    @Order(7)
    void anUnknownComponentIsABadInvocation() throws Exception {
        RunOutcome outcome = check("--component", "disks");
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INVOCATION);
        assertThat(outcome.message()).contains("--component must be service, data, models, pipelines or all");
    }

    private long sentHealthAlerts(String severity) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM alert_log WHERE source = 'health-check' AND severity = ? AND id > ?"
                                + " AND suppressed = false")) {
            ps.setString(1, severity);
            ps.setLong(2, alertsBefore);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    @Test
    @Order(7)
    void aReplicaSilentForADayIsForgottenNotWarnedAboutForever() throws Exception {
        // A killed pod never heartbeats again under its name: a day later it is gone, not a warning.
        execute(
                "INSERT INTO serving_replicas (instance_id, base_url, started_at, last_seen) VALUES"
                        + " ('oom-killed-pod', 'http://10.0.0.9:8080', now() - interval '3 days', now() - interval '25 hours'),"
                        + " ('just-crashed-pod', 'http://10.0.0.8:8080', now() - interval '3 days', now() - interval '1 hour')");
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
        execute("DELETE FROM serving_replicas WHERE instance_id = 'just-crashed-pod'");
    }

    @Test
    @Order(8)
    void aPersistingProblemIsTheSameAlertWhateverItsNumbers() throws Exception {
        // The snapshot damaged in order 3 is still damaged: the same failing check is the same alert
        // (one fingerprint), so the alert service repeats it only after monitor.health.alert-repeat-after
        // once it was delivered (suppression itself: AlertServiceTest).
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
                assertThat(rs.getLong(2)).as("raised twice (order 3 and now)").isEqualTo(2);
                assertThat(rs.getLong(1)).as("one problem, one fingerprint").isEqualTo(1);
            }
        }
    }

    @Test
    @Order(9)
    void quietDataConfirmedByASkippedRefreshIsNotStale() throws Exception {
        TestSnapshots.publish(store, artifacts, "health-2", List.of(DriftDetectionTest.HISTORY));
        // Published ten days ago, and no refresh has run since.
        execute("UPDATE artifacts SET created_at = now() - interval '10 days' WHERE id = 'health-2'");
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
    @Order(10)
    void aModelNotRetrainedForThirtyDaysIsAWarningUntilTrainingRunsAgain() throws Exception {
        execute("UPDATE model_versions SET created_at = now() - interval '40 days'");
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

    /** Requests left open by other classes (or earlier orders) would hide the ones a test expects. */
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
    @Order(11)
    void embeddingsAreAWarningAfterSevenDaysAndCriticalAfterThirty() throws Exception {
        consumeOpenRequests();
        publishEmbeddings("emb-health-1");
        // A weekly run that took more than the hour to the next check is not late: the grace covers it.
        execute("UPDATE artifacts SET created_at = now() - interval '7 days 2 hours' WHERE id = 'emb-health-1'");
        execute("UPDATE pipeline_runs SET started_at = now() - interval '7 days 2 hours',"
                + " finished_at = now() - interval '7 days 2 hours' WHERE stage = 'embeddings'");
        assertThat(check("--component", "data").message()).doesNotContain("embeddings_freshness");

        execute("UPDATE artifacts SET created_at = now() - interval '10 days' WHERE id = 'emb-health-1'");
        execute(
                "UPDATE pipeline_runs SET started_at = now() - interval '10 days', finished_at = now() - interval '10 days'"
                        + " WHERE stage = 'embeddings'");
        RunOutcome week = check("--component", "data");
        assertThat(week.message())
                .contains("warning data/embeddings_freshness: product embeddings last confirmed"
                        + " current 240 h ago (limit 7 days + 3 h grace, critical after 30 days)");
        assertThat(week.outputs().get("retrain_requested")).asList().isEmpty();

        execute("UPDATE artifacts SET created_at = now() - interval '40 days' WHERE id = 'emb-health-1'");
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
                .contains("embeddings_age: product embeddings (set emb-health-1) last confirmed current 40 days ago");
        assertThat(requestsFor("emb-health-1")).containsExactly("EMBEDDINGS_AGE by health-check " + month.runId());

        succeeded("embeddings", RunStatus.SKIPPED); // today's run found the catalogue unchanged: current again
        RunOutcome confirmed = check("--component", "data");
        assertThat(confirmed.message()).doesNotContain("embeddings_freshness");
    }

    @Test
    @Order(12)
    void trainingDataOlderThanThirtyDaysRecordsOneRetrainRequest() throws Exception {
        consumeOpenRequests(); // as training would have, having retrained for order 11's request
        execute("UPDATE artifacts SET created_at = now() - interval '40 days' WHERE id = 'health-2'");
        execute(
                "UPDATE pipeline_runs SET started_at = now() - interval '40 days', finished_at = now() - interval '40 days'"
                        + " WHERE stage = 'data-refresh'");
        RunOutcome old = check("--component", "data");
        assertThat(old.outputs().get("retrain_requested"))
                .asList()
                .singleElement()
                .asString()
                .contains(
                        "data_age: training data (snapshot health-2) last confirmed current 40 days ago (retrain after 30)");
        assertThat(old.message()).contains("asked training to retrain: #");
        assertThat(requestsFor("health-2")).containsExactly("DATA_AGE by health-check " + old.runId());

        // The next hourly check: the request is still open (and once honoured, the same snapshot asks no more).
        RunOutcome hourLater = check("--component", "data");
        assertThat(hourLater.outputs().get("retrain_requested")).asList().isEmpty();
        consumeOpenRequests();
        check("--component", "data");
        assertThat(requestsFor("health-2")).hasSize(1);
        // A check that does not look at data does not evaluate the data triggers.
        assertThat(check("--component", "pipelines").outputs().get("retrain_requested"))
                .asList()
                .isEmpty();
    }

    @Test
    @Order(13)
    void aDryRunChecksEverythingAndWritesNothing() throws Exception {
        // What a real run would write: a report, a history row, a retrain request (a new snapshot
        // unconfirmed for 40 days), a closed stale run, an alert.
        TestSnapshots.publish(store, artifacts, "health-3", List.of(DriftDetectionTest.HISTORY));
        execute("UPDATE artifacts SET created_at = now() - interval '40 days' WHERE id = 'health-3'");
        var stuck = ledger.start("data-refresh", Trigger.CRON, "test", Map.of());
        execute("UPDATE pipeline_runs SET started_at = now() - interval '2 days' WHERE id = '" + stuck + "'");
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
                .contains("data_age: training data (snapshot health-3)");
        assertThat(dry.outputs()).containsKey("report_not_written").doesNotContainKey("report");
        assertThat(before.differences(WorldSnapshot.take(home))).isEmpty();

        // The real run does each of those.
        RunOutcome real = check();
        assertThat(real.message()).contains("warning pipelines/stale_runs: closed");
        assertThat(Path.of((String) real.outputs().get("report"))).exists();
        assertThat(requestsFor("health-3")).containsExactly("DATA_AGE by health-check " + real.runId());
        assertThat(ledger.find(stuck).orElseThrow().status).isEqualTo(RunStatus.ERROR);
        List<String> changed = before.differences(WorldSnapshot.take(home));
        assertThat(changed)
                .anyMatch(d -> d.startsWith("table health_checks"))
                .anyMatch(d -> d.startsWith("file created: reports/health/"));
    }
}
