package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.registry.StateChange;
import io.recsys.core.runner.InstanceIdentity;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.StageResult;
import io.recsys.core.stage.Trigger;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The registry's audit history on a real PostgreSQL: every state change, by whom (stage and run, or
 * "api", and host), in the changing transaction, and never rewritten.
 */
@QuarkusTest
class RegistryAuditTest {
    @Inject
    ModelRegistry registry;

    @Inject
    StageRunner runner;

    @Inject
    InstanceIdentity identity;

    @Inject
    DataSource dataSource;

    /** A stage whose work is {@code work}: the runner puts its name and run id in the logging context. */
    private static Stage stage(String name, RegistryWork work) {
        return new Stage() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean supportsDryRun() {
                return false;
            }

            @Override
            public StageResult execute(StageContext ctx) throws Exception {
                work.run(ctx.runId());
                return StageResult.succeeded("done", Map.of(), Map.of(), Map.of());
            }
        };
    }

    @FunctionalInterface
    interface RegistryWork {
        void run(UUID runId) throws Exception;
    }

    private static ModelVersion candidate(UUID runId) {
        Instant now = Instant.now();
        return new ModelVersion(
                "als-audit-" + UUID.randomUUID(),
                ModelType.ALS,
                ModelState.CANDIDATE,
                "snap",
                Map.of(),
                1,
                Map.of("recall@10", 0.2),
                Map.of(),
                Map.of(),
                "/nowhere",
                "0".repeat(64),
                "trained",
                runId,
                now,
                now);
    }

    private RunOutcome run(String name, RegistryWork work) throws Exception {
        RunOutcome outcome = runner.run(stage(name, work), Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunStatus.SUCCEEDED);
        return outcome;
    }

    @Test
    void aPromotionRecordsRegistrationCrowningAndTheRetiredChampionWithItsRun() throws Exception {
        ModelVersion old = candidate(null);
        registry.register(old);
        registry.crown(old.id(), "first champion");
        ModelVersion next = candidate(null);

        RunOutcome training = run("training", runId -> {
            registry.register(next);
            registry.crown(next.id(), "beats the champion by 0.05");
        });

        String host = identity.id();
        assertThat(registry.history(next.id()))
                .extracting(
                        StateChange::from,
                        StateChange::to,
                        StateChange::reason,
                        StateChange::actor,
                        StateChange::runId,
                        StateChange::host)
                .containsExactly(
                        tuple(null, ModelState.CANDIDATE, "trained", "training", training.runId(), host),
                        tuple(
                                ModelState.CANDIDATE,
                                ModelState.CHAMPION,
                                "beats the champion by 0.05",
                                "training",
                                training.runId(),
                                host));
        assertThat(registry.history(old.id()))
                .extracting(
                        StateChange::from, StateChange::to, StateChange::reason, StateChange::actor, StateChange::runId)
                .containsExactly(
                        tuple(null, ModelState.CANDIDATE, "trained", "api", null),
                        tuple(ModelState.CANDIDATE, ModelState.CHAMPION, "first champion", "api", null),
                        tuple(
                                ModelState.CHAMPION,
                                ModelState.RETIRED,
                                "replaced by " + next.id(),
                                "training",
                                training.runId()));
        assertThat(registry.recentChanges(10)).extracting(StateChange::modelId).startsWith(next.id(), old.id());
    }

    @Test
    void aRejectionAndTheRestoredChampionAreRecordedWithTheDeploymentRun() throws Exception {
        ModelVersion previous = candidate(null);
        ModelVersion bad = candidate(null);
        ModelVersion loser = candidate(null);
        RunOutcome training = run("training", runId -> {
            for (ModelVersion v : List.of(previous, bad, loser)) {
                registry.register(v);
            }
            registry.crown(previous.id(), "champion");
            registry.transition(loser.id(), ModelState.REJECTED, "lost to " + bad.id());
            registry.crown(bad.id(), "better");
        });

        RunOutcome deployment = run(
                "deployment",
                runId -> registry.rejectAndRestore(
                        bad.id(),
                        "failed deployment verification (run " + runId + ")",
                        previous.id(),
                        "restored by automatic rollback"));

        assertThat(registry.history(loser.id())).last().satisfies(c -> {
            assertThat(c.from()).isEqualTo(ModelState.CANDIDATE);
            assertThat(c.to()).isEqualTo(ModelState.REJECTED);
            assertThat(c.reason()).isEqualTo("lost to " + bad.id());
            assertThat(c.actor()).isEqualTo("training");
            assertThat(c.runId()).isEqualTo(training.runId());
        });
        assertThat(registry.history(bad.id()))
                .extracting(StateChange::from, StateChange::to, StateChange::actor, StateChange::runId)
                .containsExactly(
                        tuple(null, ModelState.CANDIDATE, "training", training.runId()),
                        tuple(ModelState.CANDIDATE, ModelState.CHAMPION, "training", training.runId()),
                        tuple(ModelState.CHAMPION, ModelState.REJECTED, "deployment", deployment.runId()));
        assertThat(registry.history(bad.id()).get(2).reason())
                .isEqualTo("failed deployment verification (run " + deployment.runId() + ")");
        assertThat(registry.history(previous.id()))
                .extracting(StateChange::from, StateChange::to, StateChange::reason, StateChange::actor)
                .endsWith(
                        tuple(ModelState.CHAMPION, ModelState.RETIRED, "replaced by " + bad.id(), "training"),
                        tuple(ModelState.RETIRED, ModelState.CHAMPION, "restored by automatic rollback", "deployment"));
        assertThat(registry.find(previous.id()).orElseThrow().state()).isEqualTo(ModelState.CHAMPION);
    }

    @Test
    void aRefusedOrFailedChangeLeavesNoRow() throws Exception {
        ModelVersion v = candidate(null);
        registry.register(v);
        registry.transition(v.id(), ModelState.REJECTED, "gate");
        assertThatThrownBy(() -> registry.transition(v.id(), ModelState.CHAMPION, "again"))
                .hasMessageContaining("cannot become CHAMPION");
        assertThatThrownBy(() -> registry.register(v)).isInstanceOf(SQLException.class);
        assertThat(registry.history(v.id()))
                .extracting(StateChange::to)
                .containsExactly(ModelState.CANDIDATE, ModelState.REJECTED);
        assertThat(registry.history("no-such-model")).isEmpty();
    }

    @Test
    void aStateChangeMadeBehindTheRegistrysBackIsRecordedAndOtherUpdatesAreNot() throws Exception {
        ModelVersion v = candidate(null);
        registry.register(v);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE model_versions SET artifact_deleted_at = now() WHERE id = ?")) {
                ps.setString(1, v.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE model_versions SET state = 'REJECTED', state_reason = 'by hand' WHERE id = ?")) {
                ps.setString(1, v.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
        assertThat(registry.history(v.id()))
                .extracting(StateChange::from, StateChange::to, StateChange::reason, StateChange::actor)
                .containsExactly(
                        tuple(null, ModelState.CANDIDATE, "trained", "api"),
                        tuple(ModelState.CANDIDATE, ModelState.REJECTED, "by hand", "sql:postgres"));
    }

    @Test
    void theHistoryCannotBeRewrittenOrErased() throws Exception {
        ModelVersion v = candidate(null);
        registry.register(v);
        for (String sql : List.of(
                "UPDATE model_state_changes SET actor = 'someone else' WHERE model_id = ?",
                "DELETE FROM model_state_changes WHERE model_id = ?",
                "DELETE FROM model_versions WHERE id = ?")) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, v.id());
                assertThatThrownBy(ps::executeUpdate)
                        .as(sql)
                        .isInstanceOf(SQLException.class)
                        .satisfiesAnyOf(
                                e -> assertThat(e).hasMessageContaining("append-only"),
                                e -> assertThat(e).hasMessageContaining("foreign key"));
            }
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("TRUNCATE model_state_changes")) {
            assertThatThrownBy(ps::execute).hasMessageContaining("append-only");
        }
        assertThat(registry.history(v.id()))
                .singleElement()
                .extracting(StateChange::actor)
                .isEqualTo("api");
    }
}
