package io.recsys.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deployment stage against two real serving replicas (the packaged serving jar, as
 * processes) and a real PostgreSQL, while a loop of users keeps asking both for recommendations.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentIT {
    private static ServingProcess first;
    private static ServingProcess second;
    private static RequestLoop users;

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

    @AfterAll
    static void stopReplicas() throws Exception {
        if (users != null) {
            users.close();
        }
        for (ServingProcess p : new ServingProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Test
    @Order(1)
    void twoReplicasConvergeOnThePromotedChampionAndTheDeploymentIsRecorded() throws Exception {
        Path home = Path.of("target", "test-home");
        String url = EmbeddedPostgresResource.jdbcUrl();
        CompletableFuture<ServingProcess> a = CompletableFuture.supplyAsync(start("replica-a", url, home));
        CompletableFuture<ServingProcess> b = CompletableFuture.supplyAsync(start("replica-b", url, home));
        first = a.join();
        second = b.join();

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

        users = new RequestLoop(List.of(first.baseUrl(), second.baseUrl()), List.of("u0", "u1", "stranger"));
    }

    private static java.util.function.Supplier<ServingProcess> start(String id, String url, Path home) {
        return () -> {
            try {
                return ServingProcess.start(id, url, home);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    @Order(2)
    void aSecondRunSkipsAndADryRunMovesNothing() throws Exception {
        RunOutcome again = deploy();
        assertThat(again.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(again.message()).contains("production already serves als-v1");

        champion(TestModels.good("als-v2"));
        // The replicas heartbeat and write their per-minute rows meanwhile; everything else must stay.
        WorldSnapshot before = WorldSnapshot.takeIgnoring(store.root(), "serving_replicas", "service_health");
        RunOutcome dry = deploy("--dry-run");
        assertThat(before.differences(WorldSnapshot.takeIgnoring(store.root(), "serving_replicas", "service_health")))
                .isEmpty();
        assertThat(dry.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(dry.message()).contains("dry run: would promote als-v2");
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-v1");

        RunOutcome real = deploy();
        assertThat(real.status()).as(real.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(served(first)).isEqualTo("als-v2");
        assertThat(served(second)).isEqualTo("als-v2");
        assertThat(state("als-v1")).isEqualTo(ModelState.RETIRED);
    }

    /** A model that fails on the replicas, built by one of the corruptions below. */
    private void aBrokenChampionIsRolledBackAutomatically(
            String id, Function<String, ModelVersion> broken, String refusal) throws Exception {
        ModelVersion bad = broken.apply(id);
        registry.crown(bad.id(), "test");
        RunOutcome outcome = deploy();

        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BUSINESS_FAILURE);
        assertThat(outcome.message())
                .contains("deployment of " + id + " failed verification")
                .contains(refusal)
                .contains("rolled back to als-v2 (verified)");
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-v2");
        assertThat(served(first)).isEqualTo("als-v2");
        assertThat(served(second)).isEqualTo("als-v2");

        List<Deployment> h = aliases.history(ModelAliases.PRODUCTION, 2);
        assertThat(h.get(0).action()).isEqualTo(DeploymentAction.AUTO_ROLLBACK);
        assertThat(h.get(0).status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(h.get(0).modelId()).isEqualTo("als-v2");
        assertThat(h.get(1).modelId()).isEqualTo(id);
        assertThat(h.get(1).status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(h.get(1).message()).contains(refusal);

        // The registry follows production, so tomorrow's run does not redeploy the broken model.
        assertThat(state(id)).isEqualTo(ModelState.REJECTED);
        assertThat(state("als-v2")).isEqualTo(ModelState.CHAMPION);
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
    @Order(3)
    void nanFactorsAreRefusedByTheReplicasAndRolledBack() throws Exception {
        aBrokenChampionIsRolledBackAutomatically(
                "als-nan", id -> publish(TestModels.withNaN(id)), "non-finite value NaN");
    }

    @Test
    @Order(4)
    void aTruncatedFileIsRefusedAndRolledBack() throws Exception {
        aBrokenChampionIsRolledBackAutomatically(
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
    @Order(5)
    void aWrongDimensionIsRefusedAndRolledBack() throws Exception {
        aBrokenChampionIsRolledBackAutomatically(
                "als-wide", id -> publish(TestModels.wrongWidth(id)), "has 3 columns but user_factors.npy has 2");
    }

    @Test
    @Order(6)
    void rollbackOnDemandRestoresThePreviousModelOnEveryReplica() throws Exception {
        RunOutcome outcome = deploy("--rollback");
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(served(first)).isEqualTo("als-v1");
        assertThat(served(second)).isEqualTo("als-v1");
        Deployment d = aliases.history(ModelAliases.PRODUCTION, 1).get(0);
        assertThat(d.action()).isEqualTo(DeploymentAction.ROLLBACK);
        assertThat(d.previousModelId()).isEqualTo("als-v2");
        assertThat(d.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(state("als-v1")).isEqualTo(ModelState.CHAMPION);
        assertThat(state("als-v2")).isEqualTo(ModelState.REJECTED);
        // Nothing older that was not rejected: a second rollback has nowhere to go.
        RunOutcome none = deploy("--rollback");
        assertThat(none.status()).isEqualTo(RunStatus.FAILED);
        assertThat(none.message()).contains("no previous production model");
    }

    @Test
    @Order(7)
    void usersSawNoErrorAndNoEmptyAnswerThroughout() throws Exception {
        users.close();
        assertThat(users.bad).isEmpty();
        assertThat(users.requests.get()).isGreaterThan(100);
    }

    @Test
    @Order(8)
    void withNoLiveReplicaTheAliasMovesAndTheDeploymentIsPending() throws Exception {
        first.close();
        second.close();
        champion(TestModels.good("als-v3"));
        RunOutcome outcome = deploy();
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("status", "PENDING");
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-v3");
        assertThat(aliases.history(ModelAliases.PRODUCTION, 1).get(0).status()).isEqualTo(DeploymentStatus.PENDING);
    }

    @Test
    @Order(9)
    void badInvocationsAreRefused() throws Exception {
        assertThat(deploy("--model-id", "nope").message()).contains("no model version nope in the registry");
        assertThat(deploy("--model-id", "als-nan").message()).contains("was rejected");
        RunOutcome both = deploy("--rollback", "--model-id", "als-v1");
        assertThat(both.exitCode()).isEqualTo(ExitCode.BAD_INVOCATION);
        assertThat(both.message()).contains("exclude each other");
    }
}
