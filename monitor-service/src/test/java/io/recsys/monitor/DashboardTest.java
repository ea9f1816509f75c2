package io.recsys.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.monitor.drift.DriftSeverity;
import io.recsys.monitor.drift.DriftStore;
import io.recsys.monitor.health.HealthCheckStage;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The dashboard's data call and its page, served with the charting library from the web jar. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class DashboardTest {
    @Inject
    ArtifactStore store;
    @Inject
    ModelRegistry registry;
    @Inject
    ModelAliases aliases;
    @Inject
    DriftStore drift;
    @Inject
    StageRunner runner;
    @Inject
    HealthCheckStage health;

    @Test
    void theSummaryCarriesRunsModelsDriftDeploymentsAndHealth() throws Exception {
        ModelVersion model = TestModels.publish(store, registry, TestModels.good("als-dash-" + UUID.randomUUID()));
        Deployment d = aliases.move(ModelAliases.PRODUCTION, model.id(), DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(d.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");
        drift.saveReport(Instant.now(), null, "snap-a", "snap-b", DriftSeverity.HIGH, true, Map.of("rating_drift",
                Map.of("max_difference", 0.42), "popularity_drift", Map.of("jaccard_similarity", 0.5, "psi", 0.3)));
        RunOutcome check = runner.run(health, Trigger.CLI, StageOptions.none());

        given().get("/api/v1/dashboard").then().statusCode(200)
                .body("models.id", hasItem(model.id()))
                .body("models.find { it.id == '" + model.id() + "' }.'recall@10'", org.hamcrest.Matchers.equalTo(0.2f))
                .body("models.find { it.id == '" + model.id() + "' }.'baseline_recall@10'", org.hamcrest.Matchers.equalTo(0.1f))
                .body("deployments.model_id", hasItem(model.id()))
                .body("drift.psi", hasItem(0.3f))
                .body("stage_stats.stage", hasItem("health-check"))
                .body("runs.id", hasItem(check.runId().toString()))
                .body("health.latest.overall_status", org.hamcrest.Matchers.notNullValue())
                .body("health.history.size()", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void thePageAndItsChartingLibraryAreServedFromTheService() {
        given().get("/dashboard/").then().statusCode(200).body(containsString("chart-models"))
                .body(containsString("/webjars/chart.js/dist/chart.umd.js"));
        given().get("/dashboard/dashboard.js").then().statusCode(200).body(containsString("/api/v1/dashboard"));
        given().get("/webjars/chart.js/dist/chart.umd.js").then().statusCode(200).body(containsString("Chart"));
    }
}
