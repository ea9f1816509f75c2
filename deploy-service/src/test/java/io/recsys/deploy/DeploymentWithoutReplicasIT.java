package io.recsys.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.deploy.config.DeployConfig;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deployment stage when no serving replica is live. A class of its own, so no replica has to be
 * stopped for it and restarted after it; an IT beside {@link DeploymentIT} because it shares that
 * JVM's app (no second Quarkus boot), whose replicas leave the directory when they stop.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class DeploymentWithoutReplicasIT {
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
    ReplicaDirectory directory;

    @Inject
    DeployConfig config;

    @Test
    void withNoLiveReplicaTheAliasMovesAndTheDeploymentIsPending() throws Exception {
        // The fixture: no live replica (another class's, stopped cleanly, has left the directory).
        await().atMost(Duration.ofSeconds(10))
                .until(() -> directory.live(config.replicaFreshness()).isEmpty());
        TestModels.publish(store, registry, TestModels.good("als-v3"));
        registry.crown("als-v3", "test");
        RunOutcome outcome = runner.run(stage, Trigger.CLI, OptionParser.parse(List.of(), stage.options()));
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("status", "PENDING");
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-v3");
        assertThat(aliases.history(ModelAliases.PRODUCTION, 1).get(0).status()).isEqualTo(DeploymentStatus.PENDING);
    }
}
