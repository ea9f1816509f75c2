package io.recsys.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.WorldSnapshot;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.ServingProcess;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployment stage against two real serving replicas (the packaged serving jar, as
 * processes) and a real PostgreSQL. The replicas are started once for the class; each test starts
 * from a production alias that was never moved and deploys the models it needs itself, so what
 * "the previous production model" is, is always that test's own.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class DeploymentIT {
    private static ServingProcess first;

    private static ServingProcess second;

    @Inject
    StageRunner runner;

    @Inject
    DeploymentStage stage;

    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Inject
    DataSource dataSource;

    /** Both replicas, started once for the class (in parallel: each is a JVM booting). */
    @BeforeAll
    static void startReplicas() {
        List<ServingProcess> replicas = ServingProcess.startAll(
                EmbeddedPostgresResource.jdbcUrl(), Path.of("target", "test-home"), "replica-a", "replica-b");
        first = replicas.get(0);
        second = replicas.get(1);
    }

    /** Stopped cleanly: their rows leave the replica directory (DeploymentWithoutReplicasIT needs none live). */
    @AfterAll
    static void stopReplicas() {
        for (ServingProcess p : new ServingProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
    }

    /**
     * Production never deployed: no alias row and no deployment history. The replicas keep serving
     * whatever they last loaded (a replica never unloads), which no test relies on: each deploys its
     * own models. Model versions stay (their audit history is append-only); every test names its own.
     */
    @BeforeEach
    void productionNeverDeployed() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement alias = c.prepareStatement("DELETE FROM model_aliases WHERE alias = ?");
                PreparedStatement history = c.prepareStatement("DELETE FROM deployments WHERE alias = ?")) {
            alias.setString(1, ModelAliases.PRODUCTION);
            alias.executeUpdate();
            history.setString(1, ModelAliases.PRODUCTION);
            history.executeUpdate();
        }
    }

    private RunOutcome deploy(String... args) throws Exception {
        return runner.run(stage, Trigger.CLI, OptionParser.parse(List.of(args), stage.options()));
    }

    private ModelVersion champion(ModelContent content) throws Exception {
        ModelVersion v = TestModels.publish(store, registry, content);
        registry.crown(v.id(), "test");
        return v;
    }

    private ModelState state(String id) throws Exception {
        return registry.find(id).orElseThrow().state();
    }

    private static String served(ServingProcess replica) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(replica.baseUrl() + "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body())
                .path("model_id")
                .asText(null);
    }

    /**
     * A good model {@code id} as the champion, promoted to production (a verified deployment in the
     * history, as the stage records one) and served by both replicas. Moved through the aliases, not
     * the stage, which also waits for the replicas' next heartbeats (about a second a deployment):
     * the fixture needs only that both answer with it.
     */
    private ModelVersion aChampionServedByBothReplicas(String id) throws Exception {
        ModelVersion v = champion(TestModels.good(id));
        Deployment d = aliases.move(ModelAliases.PRODUCTION, id, DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(d.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(List.of(served(first), served(second))).containsOnly(id));
        return v;
    }

    /** A champion with NaN factors deployed: the replicas refuse it and production is rolled back. */
    private void aNaNChampionRolledBack(String id) throws Exception {
        champion(TestModels.withNaN(id));
        RunOutcome outcome = deploy();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void twoReplicasConvergeOnThePromotedChampionAndTheDeploymentIsRecorded() throws Exception {
        ModelVersion v1 = champion(TestModels.good("als-v1"));
        RunOutcome outcome = deploy();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).contains("deployed als-v1").contains("verified on 2 replicas");
        assertThat(served(first)).isEqualTo("als-v1");
        assertThat(served(second)).isEqualTo("als-v1");

        Deployment d = aliases.history(ModelAliases.PRODUCTION, 1).get(0);
        assertThat(d.action()).isEqualTo(DeploymentAction.PROMOTE);
        assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(d.modelId()).isEqualTo(v1.id());
        assertThat(d.runId()).isEqualTo(outcome.runId());
        assertThat(d.gitCommit()).isNotBlank();
        assertThat((List<?>) d.verification().get("replicas")).hasSize(2);
        // Each replica: /health, 2 known users (the model has 2), 1 unknown user.
        assertThat((List<?>) d.verification().get("smoke")).hasSize(8);
    }

    @Test
    void aSecondRunSkipsAndADryRunMovesNothing() throws Exception {
        aChampionServedByBothReplicas("als-skip-1");
        RunOutcome again = deploy();
        assertThat(again.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(again.message()).contains("production already serves als-skip-1");

        champion(TestModels.good("als-skip-2"));
        // The replicas heartbeat and write their per-minute rows meanwhile; everything else must stay.
        WorldSnapshot before = WorldSnapshot.takeIgnoring(store.root(), "serving_replicas", "service_health");
        RunOutcome dry = deploy("--dry-run");
        assertThat(before.differences(WorldSnapshot.takeIgnoring(store.root(), "serving_replicas", "service_health")))
                .isEmpty();
        assertThat(dry.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message()).contains("dry run: would promote als-skip-2");
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-skip-1");

        RunOutcome real = deploy();
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(served(first)).isEqualTo("als-skip-2");
        assertThat(served(second)).isEqualTo("als-skip-2");
        assertThat(state("als-skip-1")).isEqualTo(ModelState.RETIRED);
    }

    /**
     * {@code good} served by both replicas, then a model that fails on them, built by one of the
     * corruptions below, crowned and deployed.
     */
    private void aBrokenChampionIsRolledBackAutomatically(
            String good, String id, Function<String, ModelVersion> broken, String refusal) throws Exception {
        aChampionServedByBothReplicas(good);
        ModelVersion bad = broken.apply(id);
        registry.crown(bad.id(), "test");
        RunOutcome outcome = deploy();

        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BUSINESS_FAILURE);
        assertThat(outcome.message())
                .contains("deployment of " + id + " failed verification")
                .contains(refusal)
                .contains("rolled back to " + good + " (verified)");
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo(good);
        assertThat(served(first)).isEqualTo(good);
        assertThat(served(second)).isEqualTo(good);

        List<Deployment> h = aliases.history(ModelAliases.PRODUCTION, 2);
        assertThat(h.get(0).action()).isEqualTo(DeploymentAction.AUTO_ROLLBACK);
        assertThat(h.get(0).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.get(0).modelId()).isEqualTo(good);
        assertThat(h.get(1).modelId()).isEqualTo(id);
        assertThat(h.get(1).status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(h.get(1).message()).contains(refusal);

        // The registry follows production, so tomorrow's run does not redeploy the broken model.
        assertThat(state(id)).isEqualTo(ModelState.REJECTED);
        assertThat(state(good)).isEqualTo(ModelState.CHAMPION);
        assertThat(deploy().status()).isEqualTo(RunStatus.SKIPPED);

        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM alert_log WHERE severity = 'CRITICAL' AND source = 'deployment' AND message LIKE ?")) {
            ps.setString(1, "%" + id + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("CRITICAL alert about " + id).isEqualTo(1);
            }
        }
    }

    private ModelVersion publish(ModelContent content) {
        try {
            return TestModels.publish(store, registry, content);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nanFactorsAreRefusedByTheReplicasAndRolledBack() throws Exception {
        aBrokenChampionIsRolledBackAutomatically(
                "als-before-nan", "als-nan", id -> publish(TestModels.withNaN(id)), "non-finite value NaN");
    }

    @Test
    void aTruncatedFileIsRefusedAndRolledBack() throws Exception {
        aBrokenChampionIsRolledBackAutomatically(
                "als-before-cut",
                "als-cut",
                id -> {
                    ModelVersion v = publish(TestModels.good(id));
                    Path file = Path.of(v.artifactPath()).resolve(ModelArtifact.ITEM_FACTORS);
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        ch.truncate(Files.size(file) / 2);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return v;
                },
                "item_factors.npy has");
    }

    @Test
    void aWrongDimensionIsRefusedAndRolledBack() throws Exception {
        aBrokenChampionIsRolledBackAutomatically(
                "als-before-wide",
                "als-wide",
                id -> publish(TestModels.wrongWidth(id)),
                "has 3 columns but user_factors.npy has 2");
    }

    @Test
    void rollbackOnDemandRestoresThePreviousModelOnEveryReplica() throws Exception {
        // Production's history: v1, then v2, then a broken model rolled back to v2 automatically.
        aChampionServedByBothReplicas("als-rb-1");
        aChampionServedByBothReplicas("als-rb-2");
        aNaNChampionRolledBack("als-rb-nan");

        RunOutcome outcome = deploy("--rollback");
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(served(first)).isEqualTo("als-rb-1");
        assertThat(served(second)).isEqualTo("als-rb-1");
        Deployment d = aliases.history(ModelAliases.PRODUCTION, 1).get(0);
        assertThat(d.action()).isEqualTo(DeploymentAction.ROLLBACK);
        assertThat(d.previousModelId()).isEqualTo("als-rb-2");
        assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(state("als-rb-1")).isEqualTo(ModelState.CHAMPION);
        assertThat(state("als-rb-2")).isEqualTo(ModelState.REJECTED);
        // Nothing older that was not rejected: a second rollback has nowhere to go.
        RunOutcome none = deploy("--rollback");
        assertThat(none.status()).isEqualTo(RunStatus.FAILED);
        assertThat(none.message()).contains("no previous production model");
    }

    /**
     * Users asking both replicas non-stop while production is promoted, rolled back automatically
     * (a model the replicas refuse) and rolled back on demand never see an error or an empty answer.
     */
    @Test
    void usersSeeNoErrorAndNoEmptyAnswerThroughPromotionsAndRollbacks() throws Exception {
        aChampionServedByBothReplicas("als-load-1");
        RequestLoop users =
                new RequestLoop(List.of(first.baseUrl(), second.baseUrl()), List.of("u0", "u1", "stranger"));
        try {
            aChampionServedByBothReplicas("als-load-2");
            aNaNChampionRolledBack("als-load-nan");
            RunOutcome rollback = deploy("--rollback");
            assertThat(rollback.status()).as(rollback.message()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(served(first)).isEqualTo("als-load-1");
            assertThat(served(second)).isEqualTo("als-load-1");
        } finally {
            users.close();
        }
        assertThat(users.bad).isEmpty();
        assertThat(users.requests.get()).isGreaterThan(100);
    }

    /** A registered model the registry rejected (as a failed deployment would have). */
    private void aRejectedModel(String id) throws Exception {
        TestModels.publish(store, registry, TestModels.withNaN(id));
        registry.transition(id, ModelState.REJECTED, "failed deployment verification (test)");
    }

    @Test
    void badInvocationsAreRefused() throws Exception {
        aRejectedModel("als-rejected");
        assertThat(deploy("--model-id", "nope").message()).contains("no model version nope in the registry");
        assertThat(deploy("--model-id", "als-rejected").message()).contains("was rejected");
        RunOutcome both = deploy("--rollback", "--model-id", "als-v1");
        assertThat(both.exitCode()).isEqualTo(ExitCode.BAD_INVOCATION);
        assertThat(both.message()).contains("exclude each other");
    }
}
