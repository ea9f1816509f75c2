package io.recsys.core.chain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recsys.core.lease.LeaseService;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.LeaseHeldException;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.AlertPeersResource;
import io.recsys.core.testing.ChainStages;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chain on the real default edge table (pipeline-core's defaults), with stand-ins named like the
 * pipeline's stages and the local launcher: which edges fire on which outcome, the ones that are off,
 * cool-down, a held lease, a failure mid-chain, the depth limit, a loop, and running a stage alone.
 */
@QuarkusTest
@TestProfile(ChainReactionTest.ChainOn.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(AlertPeersResource.class)
class ChainReactionTest {
    private static final String TOKEN = "Bearer test-token";

    /** The local launcher, and chains of at most four runs so the whole default chain meets the limit. */
    public static class ChainOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("recsys.chain.launcher", "local", "recsys.chain.max-depth", "4");
        }
    }

    @Inject
    StageRunner runner;

    @Inject
    RunLedger ledger;

    @Inject
    LeaseService leases;

    @Inject
    ChainLinks links;

    @Inject
    DataSource dataSource;

    @Inject
    ChainStages.DataRefresh refresh;

    @Inject
    ChainStages.DriftDetection drift;

    @Inject
    ChainStages.Training training;

    @Inject
    ChainStages.Deployment deployment;

    @Inject
    ChainStages.HealthCheck health;

    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(dataSource, java.nio.file.Path.of("target/test-home"));
    }

    private RunOutcome run(Stage stage, String signals, UUID parent) throws Exception {
        return run(stage, signals, parent, true);
    }

    private RunOutcome run(Stage stage, String signals, UUID parent, boolean chain) throws Exception {
        StageOptions options = new StageOptions(
                false,
                false,
                signals == null ? Map.of() : Map.of("signal", signals),
                Optional.ofNullable(parent),
                chain);
        return runner.run(stage, Trigger.CLI, options);
    }

    @Test
    void aPublishedSnapshotStartsDriftDetectionAndACatalogueChangeTheEmbeddings() throws Exception {
        RunOutcome only = run(refresh, "snapshot-published", null);
        assertThat(only.chained()).singleElement().satisfies(l -> {
            assertThat(l.toStage()).isEqualTo("drift-detection");
            assertThat(l.edge()).isEqualTo("refresh-drift");
            assertThat(l.decision()).isEqualTo(LinkDecision.STARTED);
            assertThat(l.launchedAs()).isEqualTo("local");
            assertThat(l.parentRunId()).isEqualTo(only.runId());
        });

        RunOutcome both = run(refresh, "snapshot-published,catalogue-changed", null);
        assertThat(both.chained()).extracting(ChainLink::toStage).containsExactly("drift-detection", "embeddings");
        assertThat(links.ofParent(both.runId())).extracting(ChainLink::decision).containsOnly(LinkDecision.STARTED);
    }

    @Test
    void eachDefaultEdgeFiresOnItsOutcomeOnly() throws Exception {
        assertThat(run(drift, "retrain-advised", null).chained())
                .extracting(ChainLink::toStage)
                .containsExactly("training");
        assertThat(run(training, "champion-registered", null).chained())
                .extracting(ChainLink::toStage)
                .containsExactly("deployment");
        assertThat(run(deployment, "model-deployed", null).chained())
                .extracting(ChainLink::toStage)
                .containsExactly("health-check");
        // an outcome the table has no edge for on that stage starts nothing
        assertThat(run(drift, "snapshot-published", null).chained()).isEmpty();
        assertThat(run(training, null, null).chained()).as("no new champion").isEmpty();
    }

    @Test
    void anEdgeThatIsOffStartsNothing() throws Exception {
        // health-training is off by default (it would close a cycle through deployment-health)
        RunOutcome outcome = run(health, "retrain-requested", null);
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.chained()).isEmpty();
        assertThat(links.ofParent(outcome.runId())).isEmpty();
    }

    @Test
    void aSkippedFailedOrDryRunStartsNothing() throws Exception {
        RunOutcome skipped = runner.run(
                refresh,
                Trigger.CLI,
                new StageOptions(false, false, Map.of("signal", "snapshot-published", "skip", "")));
        assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(skipped.chained()).isEmpty();
        RunOutcome failed = runner.run(
                refresh,
                Trigger.CLI,
                new StageOptions(false, false, Map.of("signal", "snapshot-published", "fail", "")));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.chained()).isEmpty();
        RunOutcome dry =
                runner.run(refresh, Trigger.CLI, new StageOptions(false, true, Map.of("signal", "snapshot-published")));
        assertThat(dry.chained()).isEmpty();
        assertThat(count("SELECT count(*) FROM chain_links")).isZero();
    }

    @Test
    void aSecondStartThroughAnEdgeInsideItsCoolDownIsRecordedNotStarted() throws Exception {
        RunOutcome first = run(drift, "retrain-advised", null);
        assertThat(first.chained()).extracting(ChainLink::decision).containsExactly(LinkDecision.STARTED);
        RunOutcome second = run(drift, "retrain-advised", null);
        assertThat(second.chained()).singleElement().satisfies(l -> {
            assertThat(l.decision()).isEqualTo(LinkDecision.COOLING_DOWN);
            assertThat(l.detail()).contains("cool-down PT12H");
        });
        // an edge without a cool-down starts every time
        run(refresh, "snapshot-published", null);
        assertThat(run(refresh, "snapshot-published", null).chained())
                .extracting(ChainLink::decision)
                .containsExactly(LinkDecision.STARTED);
    }

    @Test
    void aDownstreamStageThatIsRunningAbsorbsTheLink() throws Exception {
        UUID holder = ledger.start("training", Trigger.CRON, "elsewhere", Map.of());
        assertThat(leases.tryAcquire("training", "elsewhere", holder, Duration.ofMinutes(1)))
                .isPresent();
        try {
            RunOutcome verdict = run(drift, "retrain-advised", null);
            assertThat(verdict.chained()).singleElement().satisfies(l -> {
                assertThat(l.decision()).isEqualTo(LinkDecision.ABSORBED);
                assertThat(l.childRunId()).isEqualTo(holder);
            });
        } finally {
            leases.release(leases.holder("training").orElseThrow());
        }
        // the absorbed link did not count as a start: the cool-down does not hold the next one back
        assertThat(run(drift, "retrain-advised", null).chained())
                .extracting(ChainLink::decision)
                .containsExactly(LinkDecision.STARTED);
    }

    @Test
    void aChainIsOneLineageAndAFailingLinkStopsItWithAnAlertNamingTheParent() throws Exception {
        RunOutcome r = run(refresh, "snapshot-published", null);
        RunOutcome d = run(drift, "retrain-advised", r.runId());
        // the run that took the link up names itself in it
        assertThat(links.ofParent(r.runId()))
                .singleElement()
                .satisfies(l -> assertThat(l.childRunId()).isEqualTo(d.runId()));
        assertThat(links.ofChild(d.runId())).map(ChainLink::edge).hasValue("refresh-drift");

        RunOutcome failed = runner.run(
                training,
                Trigger.CLI,
                new StageOptions(
                        false, false, Map.of("signal", "champion-registered", "fail", ""), Optional.of(d.runId())));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.chained()).as("the chain stops").isEmpty();
        assertThat(links.lineage(failed.runId())).containsExactly("training", "drift-detection", "data-refresh");
        assertThat(ledger.children(d.runId())).extracting(run -> run.id).containsExactly(failed.runId());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(alertBodies("Pipeline Failure: training"))
                        .anySatisfy(b -> assertThat(b).contains("on behalf of run " + d.runId())));
    }

    @Test
    void aChainStopsAtItsMaximumDepth() throws Exception {
        RunOutcome r = run(refresh, "snapshot-published", null);
        RunOutcome d = run(drift, "retrain-advised", r.runId());
        RunOutcome t = run(training, "champion-registered", d.runId());
        assertThat(t.chained()).extracting(ChainLink::decision).containsExactly(LinkDecision.STARTED);
        RunOutcome p = run(deployment, "model-deployed", t.runId());
        assertThat(p.chained()).singleElement().satisfies(l -> {
            assertThat(l.toStage()).isEqualTo("health-check");
            assertThat(l.decision()).isEqualTo(LinkDecision.TOO_DEEP);
            assertThat(l.detail()).contains("4 runs long").contains("recsys.chain.max-depth=4");
        });
    }

    @Test
    void aStageNeverStartsItselfAgainThroughItsLineage() throws Exception {
        // a health check named by hand as the parent of a deployment: its edge would start health again
        RunOutcome h = run(health, null, null);
        RunOutcome p = run(deployment, "model-deployed", h.runId());
        assertThat(p.chained()).singleElement().satisfies(l -> {
            assertThat(l.decision()).isEqualTo(LinkDecision.LOOP);
            assertThat(l.detail()).contains("health-check already ran in this chain");
        });
    }

    @Test
    void aStageRunAloneStartsNothingFromTheCommandLineOrOverHttp() throws Exception {
        assertThat(run(refresh, "snapshot-published", null, false).chained()).isEmpty();

        String runId = given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "stage", "data-refresh", "chain", false, "options", Map.of("signal", "snapshot-published")))
                .when()
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        ledger.find(UUID.fromString(runId)).orElseThrow().status.isFinal());
        assertThat(ledger.find(UUID.fromString(runId)).orElseThrow().options).containsEntry("chain", false);
        assertThat(count("SELECT count(*) FROM chain_links")).isZero();

        // with the local launcher a run over HTTP chains nothing (only pipeline-local reads run-once's
        // lines); GET shows what a run-once run started
        String overHttp = given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body(Map.of("stage", "data-refresh", "options", Map.of("signal", "snapshot-published")))
                .when()
                .post("/api/v1/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ledger.find(UUID.fromString(overHttp))
                        .orElseThrow()
                        .status
                        .isFinal());
        assertThat(links.ofParent(UUID.fromString(overHttp))).isEmpty();
        RunOutcome chained = run(refresh, "snapshot-published", null);
        given().header("Authorization", TOKEN)
                .when()
                .get("/api/v1/runs/" + chained.runId())
                .then()
                .statusCode(200)
                .body("chain[0].toStage", org.hamcrest.Matchers.equalTo("drift-detection"))
                .body("chain[0].decision", org.hamcrest.Matchers.equalTo("STARTED"))
                .body("chain[0].edge", org.hamcrest.Matchers.equalTo("refresh-drift"));
    }

    @Test
    void aStartedRunThatMeetsItsStagesLeaseIsAbsorbedByTheHolderAndExitsZero() throws Exception {
        RunOutcome r = run(refresh, "snapshot-published", null);
        UUID holder = ledger.start("drift-detection", Trigger.CRON, "elsewhere", Map.of());
        assertThat(leases.tryAcquire("drift-detection", "elsewhere", holder, Duration.ofMinutes(1)))
                .isPresent();
        try {
            // the Job the link asked for starts while the scheduled run holds the lease
            LeaseHeldException met = org.junit.jupiter.api.Assertions.assertThrows(
                    LeaseHeldException.class,
                    () -> runner.open(
                            drift, Trigger.CLI, new StageOptions(false, false, Map.of(), Optional.of(r.runId()))));
            assertThat(met.absorbed()).isTrue();
            assertThat(met.holderRunId()).isEqualTo(holder);
            var cancelled = ledger.find(met.cancelledRunId()).orElseThrow();
            assertThat(cancelled.status).isEqualTo(RunStatus.CANCELLED);
            assertThat(cancelled.exitCode)
                    .as("not a failure: the holder does the work")
                    .isZero();
            assertThat(cancelled.message).startsWith("absorbed: run " + holder);
            assertThat(links.ofParent(r.runId())).singleElement().satisfies(l -> {
                assertThat(l.decision()).isEqualTo(LinkDecision.ABSORBED);
                assertThat(l.childRunId()).isEqualTo(holder);
            });
            // a run with a parent named by hand (no open link) is an ordinary lease miss
            LeaseHeldException plain = org.junit.jupiter.api.Assertions.assertThrows(
                    LeaseHeldException.class,
                    () -> runner.open(
                            drift, Trigger.CLI, new StageOptions(false, false, Map.of(), Optional.of(r.runId()))));
            assertThat(plain.absorbed()).isFalse();
            assertThat(ledger.find(plain.cancelledRunId()).orElseThrow().exitCode)
                    .isEqualTo(5);
        } finally {
            leases.release(leases.holder("drift-detection").orElseThrow());
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> alertBodies(String subject) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM alert_log WHERE subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString("message"));
                }
            }
        }
        return out;
    }
}
