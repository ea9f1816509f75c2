package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.serving.ReplicaDirectory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The production alias and its history, and the replica directory, on a real PostgreSQL. */
@QuarkusTest
class ModelAliasesTest {
    @Inject
    ModelAliases aliases;

    @Inject
    ModelRegistry registry;

    @Inject
    ReplicaDirectory replicas;

    private String model() throws Exception {
        String id = "als-" + UUID.randomUUID();
        Instant now = Instant.now();
        registry.register(new ModelVersion(
                id,
                ModelType.ALS,
                ModelState.CANDIDATE,
                "snap",
                Map.of(),
                1,
                Map.of(),
                Map.of(),
                Map.of(),
                "/nowhere",
                "0".repeat(64),
                "test",
                null,
                now,
                now));
        return id;
    }

    @Test
    void movesRecordThePreviousTargetAndGrowTheGeneration() throws Exception {
        String alias = "test-" + UUID.randomUUID();
        String a = model();
        String b = model();
        assertThat(aliases.current(alias)).isEmpty();

        Deployment first = aliases.move(alias, a, DeploymentAction.PROMOTE, "CLI", null, "abc123");
        assertThat(first.previousModelId()).isNull();
        assertThat(first.status()).isEqualTo(DeploymentStatus.VERIFYING);
        Deployment second = aliases.move(alias, b, DeploymentAction.PROMOTE, "CRON", UUID.randomUUID(), null);
        assertThat(second.previousModelId()).isEqualTo(a);
        Deployment back = aliases.move(alias, a, DeploymentAction.AUTO_ROLLBACK, "CRON", null, null);
        assertThat(back.previousModelId()).isEqualTo(b);

        AliasTarget t = aliases.current(alias).orElseThrow();
        assertThat(t.modelId()).isEqualTo(a);
        assertThat(t.generation()).isEqualTo(3);
        assertThat(t.deploymentId()).isEqualTo(back.id());

        aliases.finish(second.id(), DeploymentStatus.ROLLED_BACK, Map.of("replicas", List.of("r1")), "NaN factors");
        assertThatThrownBy(() -> aliases.finish(second.id(), DeploymentStatus.SUCCEEDED, Map.of(), "again"))
                .hasMessageContaining("is ROLLED_BACK and cannot become SUCCEEDED");
        List<Deployment> history = aliases.history(alias, 10);
        assertThat(history).extracting(Deployment::id).containsExactly(back.id(), second.id(), first.id());
        assertThat(history.get(1).verification()).containsEntry("replicas", List.of("r1"));
        assertThat(history.get(1).finishedAt()).isNotNull();
        assertThat(history.get(2).gitCommit()).isEqualTo("abc123");
    }

    @Test
    void anAliasCanOnlyNameARegisteredModel() {
        assertThatThrownBy(() -> aliases.move(
                        "test-" + UUID.randomUUID(), "no-such-model", DeploymentAction.PROMOTE, "CLI", null, null))
                .hasMessageContaining("violates foreign key");
    }

    @Test
    void replicasAreLiveWhileTheirHeartbeatIsFreshAndLeaveOnShutdown() throws Exception {
        String id = "replica-" + UUID.randomUUID();
        replicas.heartbeat(id, "http://127.0.0.1:1", "m1", "f".repeat(64), Instant.now(), null, null, Instant.now());
        assertThat(replicas.live(Duration.ofSeconds(30)))
                .extracting(r -> r.instanceId())
                .contains(id);
        assertThat(replicas.live(Duration.ZERO)).extracting(r -> r.instanceId()).doesNotContain(id);
        replicas.remove(id);
        assertThat(replicas.all()).extracting(r -> r.instanceId()).doesNotContain(id);
    }
}
