package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.lease.Lease;
import io.recsys.core.lease.LeaseGrant;
import io.recsys.core.lease.LeaseService;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.ledger.StageStats;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.LeaseHeldException;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.AlertPeersResource;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.TestStages;
import io.recsys.core.testing.WorldSnapshot;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(AlertPeersResource.class)
class StageRunnerTest {
    @Inject
    StageRunner runner;

    @Inject
    RunLedger ledger;

    @Inject
    LeaseService leases;

    @Inject
    TestStages.EchoStage echo;

    @Inject
    TestStages.FlakyStage flaky;

    @Inject
    TestStages.RejectingStage rejecting;

    @Inject
    TestStages.AlertingStage alerting;

    @Inject
    PipelineConfig config;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void successIsRecordedWithOutputsMetricsAndInputVersionsAndTheLeaseIsFreed() throws Exception {
        RunOutcome outcome = runner.run(echo, Trigger.CLI, new StageOptions(false, false, Map.of("value", "42")));
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.exitCode().code()).isZero();
        PipelineRun row = ledger.find(outcome.runId()).orElseThrow();
        assertThat(row.status).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(row.trigger).isEqualTo(Trigger.CLI);
        assertThat(row.outputs).containsEntry("value", "42");
        assertThat(row.metrics).containsEntry("rows", 3);
        assertThat(row.inputVersions).containsEntry("input", "v1");
        assertThat(row.finishedAt).isNotNull();
        assertThat(row.durationMs).isNotNull().isGreaterThanOrEqualTo(0L);
        assertThat(row.exitCode).isZero();
        assertThat(leases.holder("echo")).isEmpty();
    }

    @Test
    void skippedRunExitsZero() throws Exception {
        RunOutcome outcome = runner.run(echo, Trigger.CLI, new StageOptions(false, false, Map.of("skip", "true")));
        assertThat(outcome.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(outcome.exitCode().code()).isZero();
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndTheAttemptIsRecorded() throws Exception {
        flaky.calls.set(0);
        flaky.failuresLeft.set(2);
        RunOutcome outcome = runner.run(flaky, Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(flaky.calls.get()).isEqualTo(3);
        assertThat(ledger.find(outcome.runId()).orElseThrow().attempt).isEqualTo(3);
    }

    @Test
    void everyRunKeepsItsOwnLogFileOnTheVolume() throws Exception {
        flaky.calls.set(0);
        flaky.failuresLeft.set(10);
        RunOutcome failed = runner.run(flaky, Trigger.CLI, StageOptions.none());
        RunOutcome other = runner.run(echo, Trigger.CLI, StageOptions.none());
        Path dir = Path.of(ledger.find(failed.runId()).orElseThrow().errorReportPath)
                .getParent()
                .getParent()
                .getParent()
                .resolve("logs")
                .resolve("flaky");
        Path log;
        try (var files = Files.list(dir)) {
            log = files.filter(f -> f.getFileName().toString().endsWith(failed.runId() + ".log"))
                    .findFirst()
                    .orElseThrow();
        }
        String text = Files.readString(log);
        assertThat(text)
                .contains("stage=flaky trigger=CLI")
                .contains("retrying after a transient failure, attempt 2")
                .contains("java.io.IOException: volume not mounted yet")
                .contains("stage=flaky finished ERROR")
                .doesNotContain(other.runId().toString())
                .doesNotContain("stage=echo");
    }

    @Test
    void aDryRunLeavesTheDatabaseAndTheVolumeAsTheyWereBesideItsOwnMarkedRow() throws Exception {
        runner.run(alerting, Trigger.CLI, StageOptions.none()); // a real run first: lease row, log dir, alert
        WorldSnapshot before = WorldSnapshot.take(config.home());
        String tag = UUID.randomUUID().toString();
        RunOutcome failed =
                runner.run(alerting, Trigger.CLI, new StageOptions(false, true, Map.of("fail", "true", "tag", tag)));
        RunOutcome succeeded = runner.run(alerting, Trigger.CLI, new StageOptions(false, true, Map.of("tag", tag)));
        assertThat(before.differences(WorldSnapshot.take(config.home()))).isEmpty();

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.exitCode().code()).isEqualTo(3);
        assertThat(failed.errorReport()).isNull();
        assertThat(succeeded.status()).isEqualTo(RunStatus.SUCCEEDED);
        PipelineRun row = ledger.find(succeeded.runId()).orElseThrow();
        assertThat(row.dryRun).isTrue();
        assertThat(row.options).containsEntry("dry_run", true);
        // A dry run never counts as the stage having done its work.
        assertThat(ledger.lastSuccess("alerting").orElseThrow().id).isNotEqualTo(succeeded.runId());
        assertThat(ledger.lastSuccess("alerting").orElseThrow().dryRun).isFalse();
    }

    @Test
    void aDryRunOfAStageThatCannotDoOneIsRefusedBeforeAnythingIsRecorded() {
        long runsBefore = PipelineRun.count();
        assertThatThrownBy(() -> runner.run(flaky, Trigger.CLI, new StageOptions(false, true, Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not support --dry-run");
        assertThat(PipelineRun.count()).isEqualTo(runsBefore);
    }

    @Test
    void infrastructureErrorAfterRetriesIsErrorWithExitFourAndAnErrorReport() throws Exception {
        flaky.calls.set(0);
        flaky.failuresLeft.set(10);
        RunOutcome outcome = runner.run(flaky, Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).isEqualTo(RunStatus.ERROR);
        assertThat(outcome.exitCode().code()).isEqualTo(4);
        assertThat(flaky.calls.get()).isEqualTo(3);
        JsonNode report = json.readTree(Files.readString(outcome.errorReport()));
        assertThat(report.get("stage").asText()).isEqualTo("flaky");
        assertThat(report.get("error").asText()).isEqualTo("volume not mounted yet");
        assertThat(report.get("traceback").asText()).contains("IOException");
        assertThat(ledger.find(outcome.runId()).orElseThrow().errorReportPath)
                .isEqualTo(outcome.errorReport().toString());
    }

    @Test
    void businessFailureIsNotRetriedExitsThreeAndReportsDetails() throws Exception {
        rejecting.calls.set(0);
        RunOutcome outcome = runner.run(rejecting, Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.exitCode().code()).isEqualTo(3);
        assertThat(rejecting.calls.get()).isEqualTo(1);
        JsonNode report = json.readTree(Files.readString(outcome.errorReport()));
        assertThat(report.get("details").get(0).asText()).isEqualTo("rating out of range: 10 rows");
    }

    @Test
    void aHeldLeaseCancelsTheNewRunAndNamesTheHolder() throws Exception {
        UUID holderRun = UUID.randomUUID();
        Lease held = leases.tryAcquire("echo", "other-pod:1", holderRun, Duration.ofMinutes(1))
                .orElseThrow()
                .lease();
        try {
            assertThatThrownBy(() -> runner.open(echo, Trigger.CLI, StageOptions.none()))
                    .isInstanceOfSatisfying(LeaseHeldException.class, e -> {
                        assertThat(e.holderRunId()).isEqualTo(holderRun);
                        assertThat(ledger.find(e.cancelledRunId()).orElseThrow().status)
                                .isEqualTo(RunStatus.CANCELLED);
                    });
        } finally {
            leases.release(held);
        }
    }

    @Test
    void aDeadOwnersLeaseExpiresAndTheNextRunMarksItsRunErrorAndSucceeds() throws Exception {
        UUID deadRun = ledger.start("echo", Trigger.CRON, "dead-pod:7", Map.of());
        assertThat(leases.tryAcquire("echo", "dead-pod:7", deadRun, Duration.ofMillis(300)))
                .isPresent();
        // While the lease lives, nobody else gets in.
        assertThatThrownBy(() -> runner.open(echo, Trigger.CLI, StageOptions.none()))
                .isInstanceOf(LeaseHeldException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> leases.holder("echo").isEmpty());
        RunOutcome outcome = runner.run(echo, Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        PipelineRun dead = ledger.find(deadRun).orElseThrow();
        assertThat(dead.status).isEqualTo(RunStatus.ERROR);
        assertThat(dead.errorMessage).contains("abandoned");
    }

    @Test
    void aTakeoverMarksOnlyThePreviousHolderAbandonedNotAContenderStillRecordingItsRefusal() throws Exception {
        UUID deadRun = ledger.start("echo", Trigger.CRON, "dead-pod:8", Map.of());
        assertThat(leases.tryAcquire("echo", "dead-pod:8", deadRun, Duration.ofMillis(300)))
                .isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> leases.holder("echo").isEmpty());
        // A contender that has recorded its run but not yet asked for the lease (it will lose).
        UUID contender = ledger.start("echo", Trigger.CRON, "other-pod:2", Map.of());

        RunOutcome outcome = runner.run(echo, Trigger.CLI, StageOptions.none());

        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(ledger.find(deadRun).orElseThrow().status).isEqualTo(RunStatus.ERROR);
        assertThat(ledger.find(contender).orElseThrow().status).isEqualTo(RunStatus.RUNNING);
        ledger.finish(
                contender,
                new RunLedger.Completion(
                        RunStatus.CANCELLED, ExitCode.LEASE_HELD, "lost", Map.of(), Map.of(), Map.of(), null, null, 1));
    }

    @Test
    void takingOverAnExpiredLeaseNamesThePreviousRun() throws Exception {
        UUID firstRun = UUID.randomUUID();
        LeaseGrant first = leases.tryAcquire("takeover", "a", firstRun, Duration.ofMillis(200))
                .orElseThrow();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> leases.holder("takeover").isEmpty());
        LeaseGrant second = leases.tryAcquire("takeover", "b", UUID.randomUUID(), Duration.ofMinutes(1))
                .orElseThrow();
        assertThat(second.previousRunId()).contains(firstRun);
        assertThat(second.lease().generation()).isEqualTo(first.lease().generation() + 1);
        leases.release(second.lease());
    }

    @Test
    void leaseGenerationsFenceOffAStaleOwner() throws Exception {
        Lease first = leases.tryAcquire("fence", "a", UUID.randomUUID(), Duration.ofMinutes(1))
                .orElseThrow()
                .lease();
        assertThat(leases.tryAcquire("fence", "b", UUID.randomUUID(), Duration.ofMinutes(1)))
                .isEmpty();
        leases.release(first);
        Lease second = leases.tryAcquire("fence", "b", UUID.randomUUID(), Duration.ofMinutes(1))
                .orElseThrow()
                .lease();
        assertThat(second.generation()).isEqualTo(first.generation() + 1);
        assertThat(leases.renew(first, Duration.ofMinutes(1))).isFalse();
        assertThat(leases.renew(second, Duration.ofMinutes(1))).isTrue();
        leases.release(first); // a stale release must not free the successor's lease
        assertThat(leases.holder("fence")).map(Lease::owner).contains("b");
        leases.release(second);
    }

    @Test
    void staleRunningRowsAreMarkedError() throws Exception {
        UUID stale = ledger.start("stale-stage", Trigger.CRON, "gone:1", Map.of());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ledger.markStale(Duration.ofMillis(50)) >= 0
                        && ledger.find(stale).orElseThrow().status == RunStatus.ERROR);
        assertThat(ledger.find(stale).orElseThrow().errorMessage).contains("stale");
        assertThat(ledger.isRunning("stale-stage")).isFalse();
    }

    @Test
    void statsGiveSuccessRateAndMeanDurationPerStage() throws Exception {
        String stage = "rejecting";
        runner.run(rejecting, Trigger.CLI, StageOptions.none());
        runner.run(echo, Trigger.CLI, StageOptions.none());
        StageStats rejectingStats = ledger.stats(30).stream()
                .filter(s -> s.stage().equals(stage))
                .findFirst()
                .orElseThrow();
        assertThat(rejectingStats.failed()).isGreaterThanOrEqualTo(1);
        assertThat(rejectingStats.successRate()).isEqualTo(0.0);
        assertThat(rejectingStats.meanDurationSeconds()).isNotNull();
        StageStats echoStats = ledger.stats(30).stream()
                .filter(s -> s.stage().equals("echo"))
                .findFirst()
                .orElseThrow();
        long decided = echoStats.succeeded() + echoStats.skipped() + echoStats.failed() + echoStats.error();
        assertThat(echoStats.successRate()).isEqualTo((double) (echoStats.succeeded() + echoStats.skipped()) / decided);
        assertThat(ledger.recent("echo", 2))
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.stage).isEqualTo("echo"));
    }

    @Test
    void oneShotRunsPushTheirMetricsWithPushAdd() throws Exception {
        AlertPeersResource.pushgateway.reset();
        runner.run(echo, Trigger.CLI, StageOptions.none());
        assertThat(AlertPeersResource.pushgateway.requests()).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST"); // POST = pushAdd; PUT would replace the whole group
            assertThat(r.path()).startsWith("/metrics/job/recsys-pipeline/").contains("/stage/echo");
            assertThat(r.body()).contains("recsys_stage_runs_total").contains("stage=\"echo\"");
        });
    }
}
