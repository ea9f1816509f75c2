package io.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A model that cannot beat popularity is rejected, and a WARNING alert says so. */
@QuarkusTest
@TestProfile(BelowBaselineAlertTest.Underfit.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class BelowBaselineAlertTest {

    /** BPR left at its random initial factors (zero epochs): a model that ranks at random. */
    public static class Underfit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "training.bpr.epochs", "0", "training.threads", "1", "training.early-stopping.enabled", "false");
        }
    }

    @Inject
    StageRunner runner;

    @Inject
    TrainingStage stage;

    @Inject
    ArtifactStore store;

    @Inject
    ArtifactRegistry artifacts;

    @Inject
    ModelRegistry models;

    @Inject
    DataSource dataSource;

    @Test
    void aCandidateBelowThePopularityBaselineIsRejectedWithAWarning() throws Exception {
        String id = "snap-u-" + UUID.randomUUID().toString().substring(0, 8);
        PlantedSnapshot.publishCurrent(
                store, artifacts, id, dir -> PlantedSnapshot.writePopularityWorld(dir, 17, 300, 200));

        RunOutcome run = runner.run(stage, Trigger.CLI, new StageOptions(true, false, Map.of("model", "bpr")));
        assertThat(run.status()).as(run.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.exitCode().code()).isZero();
        assertThat(run.message()).startsWith("no promotion").contains("does not beat the popularity baseline");
        assertThat(models.recent(1).get(0).state()).isEqualTo(ModelState.REJECTED);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT severity, message FROM alert_log WHERE subject = 'Model below popularity baseline'")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a WARNING alert was raised").isTrue();
                assertThat(rs.getString(1)).isEqualTo("WARNING");
                assertThat(rs.getString(2)).contains(id);
            }
        }
    }
}
