package io.recsys.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.feedback.Variant;
import io.recsys.core.online.OnlineCounts;
import io.recsys.core.online.OnlineMetricsStore;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ServiceMinute;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.monitor.drift.DriftSeverity;
import io.recsys.monitor.drift.DriftStore;
import io.recsys.monitor.health.HealthCheckStage;
import io.recsys.monitor.online.OnlineCalendar;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's data call (runs, models, drift, deployments, health, service health, registry,
 * online metrics) and its page, served with the charting library from the web jar.
 */
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

    @Inject
    ReplicaDirectory replicas;

    @Inject
    OnlineMetricsStore online;

    @Inject
    OnlineCalendar calendar;

    @Inject
    io.recsys.core.chain.ChainLinks chainLinks;

    @Test
    void theSummaryCarriesRunsModelsDriftDeploymentsAndHealth() throws Exception {
        ModelVersion model = TestModels.publish(store, registry, TestModels.good("als-dash-" + UUID.randomUUID()));
        Deployment d = aliases.move(ModelAliases.PRODUCTION, model.id(), DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(d.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");
        drift.saveReport(
                Instant.now(),
                null,
                "snap-a",
                "snap-b",
                DriftSeverity.HIGH,
                true,
                Map.of(
                        "rating_drift",
                        Map.of("max_difference", 0.42),
                        "popularity_drift",
                        Map.of("jaccard_similarity", 0.5, "psi", 0.3)));
        RunOutcome check = runner.run(health, Trigger.CLI, StageOptions.none());

        given().get("/api/v1/dashboard")
                .then()
                .statusCode(200)
                .body("models.id", hasItem(model.id()))
                .body("models.find { it.id == '" + model.id() + "' }.'recall@10'", org.hamcrest.Matchers.equalTo(0.2f))
                .body(
                        "models.find { it.id == '" + model.id() + "' }.'baseline_recall@10'",
                        org.hamcrest.Matchers.equalTo(0.1f))
                .body("deployments.model_id", hasItem(model.id()))
                .body("drift.psi", hasItem(0.3f))
                .body("stage_stats.stage", hasItem("health-check"))
                .body("runs.id", hasItem(check.runId().toString()))
                .body("health.latest.overall_status", org.hamcrest.Matchers.notNullValue())
                .body("health.history.size()", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void eachRunCarriesItsParentAndWhatTheEdgesThatFiredOnItsOutcomeDid() throws Exception {
        RunOutcome parent = runner.run(health, Trigger.CLI, StageOptions.none());
        RunOutcome child = runner.run(
                health, Trigger.CLI, new StageOptions(false, false, Map.of(), java.util.Optional.of(parent.runId())));
        chainLinks.record(
                parent.runId(),
                new io.recsys.core.chain.ChainEdge(
                        "deployment-health",
                        "deployment",
                        io.recsys.core.chain.ChainSignal.MODEL_DEPLOYED,
                        "health-check",
                        true,
                        java.time.Duration.ZERO),
                io.recsys.core.chain.LinkDecision.ABSORBED,
                child.runId(),
                "run " + child.runId() + " of health-check is going");
        String p = "runs.find { it.id == '" + parent.runId() + "' }";
        given().get("/api/v1/dashboard")
                .then()
                .statusCode(200)
                .body(
                        "runs.find { it.id == '" + child.runId() + "' }.parent_run_id",
                        org.hamcrest.Matchers.equalTo(parent.runId().toString()))
                .body(p + ".parent_run_id", org.hamcrest.Matchers.nullValue())
                .body(p + ".chain.size()", org.hamcrest.Matchers.equalTo(1))
                .body(p + ".chain[0].decision", org.hamcrest.Matchers.equalTo("ABSORBED"))
                .body(p + ".chain[0].to_stage", org.hamcrest.Matchers.equalTo("health-check"))
                .body(p + ".chain[0].outcome", org.hamcrest.Matchers.equalTo("model-deployed"))
                .body(
                        p + ".chain[0].child_run_id",
                        org.hamcrest.Matchers.equalTo(child.runId().toString()));
    }

    @Test
    void theSummaryCarriesServiceHealthPerReplicaAndMinuteWithTheAlertThresholds() throws Exception {
        String a = "dash-replica-a-" + UUID.randomUUID();
        String b = "dash-replica-b-" + UUID.randomUUID();
        // Three hours back: inside the dashboard's 24 h, outside the service rules' 1 h window.
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(3, ChronoUnit.HOURS);
        for (int i = 0; i < 3; i++) {
            replicas.record(
                    new ServiceMinute(a, start.plus(i, ChronoUnit.MINUTES), 100, 2, 25, 40 + i, 90, 80, "m1", 0));
            replicas.record(new ServiceMinute(b, start.plus(i, ChronoUnit.MINUTES), 50, 0, 5, 60, 120, 100, "m1", 0));
        }
        replicas.record(new ServiceMinute(a, start.minus(25, ChronoUnit.HOURS), 10, 0, 0, 10, 10, 10, "m1", 0));

        given().get("/api/v1/dashboard")
                .then()
                .statusCode(200)
                .body("service_health.window_hours", equalTo(24.0f))
                .body("service_health.thresholds.high_latency_ms", equalTo(200.0f))
                .body("service_health.thresholds.critical_latency_ms", equalTo(500.0f))
                .body("service_health.thresholds.error_rate", equalTo(0.05f))
                .body("service_health.thresholds.fallback_rate", equalTo(0.3f))
                .body("service_health.minutes.findAll { it.instance_id == '" + a + "' }.size()", equalTo(3))
                .body("service_health.minutes.findAll { it.instance_id == '" + b + "' }.size()", equalTo(3))
                .body(
                        "service_health.minutes.find { it.instance_id == '" + a + "' && it.minute == '"
                                + start.plus(2, ChronoUnit.MINUTES) + "' }.avg_latency_ms",
                        equalTo(42.0f))
                .body("service_health.minutes.find { it.instance_id == '" + a + "' }.error_rate", equalTo(0.02f))
                .body("service_health.minutes.find { it.instance_id == '" + a + "' }.fallback_rate", equalTo(0.25f))
                .body("service_health.minutes.find { it.instance_id == '" + b + "' }.fallback_rate", equalTo(0.1f));
    }

    @Test
    void theRegistryAndEachModelsHistoryAreServedReadOnly() throws Exception {
        ModelVersion first = TestModels.publish(store, registry, TestModels.good("als-reg-" + UUID.randomUUID()));
        ModelVersion second = TestModels.publish(store, registry, TestModels.good("als-reg-" + UUID.randomUUID()));
        registry.crown(first.id(), "beats the baseline");
        registry.crown(second.id(), "beats the champion");
        Deployment d = aliases.move(ModelAliases.PRODUCTION, second.id(), DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(d.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");

        given().get("/api/v1/registry/models")
                .then()
                .statusCode(200)
                .body("find { it.id == '" + first.id() + "' }.state", equalTo("RETIRED"))
                .body("find { it.id == '" + first.id() + "' }.state_reason", equalTo("replaced by " + second.id()))
                .body("find { it.id == '" + first.id() + "' }.production", equalTo(false))
                .body("find { it.id == '" + second.id() + "' }.state", equalTo("CHAMPION"))
                .body("find { it.id == '" + second.id() + "' }.production", equalTo(true));
        given().get("/api/v1/registry/models/" + second.id())
                .then()
                .statusCode(200)
                .body("metrics.'recall@10'", equalTo(0.2f));
        given().get("/api/v1/registry/models/" + first.id() + "/history")
                .then()
                .statusCode(200)
                .body("size()", equalTo(3))
                .body("from", contains(nullValue(), equalTo("CANDIDATE"), equalTo("CHAMPION")))
                .body("to", contains("CANDIDATE", "CHAMPION", "RETIRED"))
                .body("reason", contains("test", "beats the baseline", "replaced by " + second.id()))
                .body("actor", everyItem(equalTo("api")))
                .body("host", everyItem(notNullValue()));
        given().get("/api/v1/registry/models/no-such-model/history").then().statusCode(404);
        given().get("/api/v1/registry/models/no-such-model").then().statusCode(404);
        given().get("/api/v1/registry/models?limit=0").then().statusCode(400);
        given().contentType("application/json")
                .body("{}")
                .post("/api/v1/registry/models")
                .then()
                .statusCode(405);

        given().get("/api/v1/dashboard")
                .then()
                .statusCode(200)
                .body("registry.champion.id", equalTo(second.id()))
                .body("registry.champion.production", equalTo(true))
                .body("registry.production.model_id", equalTo(second.id()))
                .body("registry.production.deployment_id", equalTo((int) d.id()))
                .body("registry.models.find { it.id == '" + first.id() + "' }.state", equalTo("RETIRED"))
                .body(
                        "registry.changes.findAll { it.model_id == '" + second.id() + "' }.to",
                        contains("CHAMPION", "CANDIDATE")) // newest first
                .body("registry.canary", nullValue());

        // A canary beside production: its alias and share, its start in the deployment history.
        Deployment canary = aliases.startCanary("canary", first.id(), 0.25, "CLI", null, null);
        try {
            given().get("/api/v1/dashboard")
                    .then()
                    .statusCode(200)
                    .body("registry.canary.model_id", equalTo(first.id()))
                    .body("registry.canary.share", equalTo(0.25f))
                    .body("registry.production.model_id", equalTo(second.id()))
                    .body("deployments[0].id", equalTo((int) canary.id()))
                    .body("deployments[0].alias", equalTo("canary"))
                    .body("deployments[0].action", equalTo("CANARY_START"))
                    .body("deployments.find { it.id == " + d.id() + " }.alias", equalTo("production"));
        } finally {
            aliases.endCanary("canary", DeploymentStatus.SUCCEEDED, Map.of(), "test over", "CLI", null, null);
        }
    }

    @Test
    void theSummaryCarriesTheOnlineMetricsPerDayModelAndVariantWithTheProductionMoves() throws Exception {
        String before = "als-online-a-" + UUID.randomUUID();
        String after = "als-online-b-" + UUID.randomUUID();
        TestModels.publish(store, registry, TestModels.good(before));
        TestModels.publish(store, registry, TestModels.good(after));
        LocalDate today = calendar.day(Instant.now());
        for (int d = 5; d >= 0; d--) {
            String model = d > 2 ? before : after;
            online.replaceDay(
                    today.minusDays(d),
                    List.of(
                            new OnlineCounts(model, Variant.PRODUCTION, 200, 150, 30, 20, 8, 6, 3, 2, 40),
                            new OnlineCounts(after, Variant.CANARY, 50, 40, 9, 5, 1, 1, 0, 0, 20)),
                    100L,
                    Instant.now());
        }
        // 40 days back: outside the dashboard's 30 days.
        online.replaceDay(
                today.minusDays(40),
                List.of(new OnlineCounts(before, Variant.PRODUCTION, 10, 10, 1, 1, 0, 0, 0, 0, 5)),
                100L,
                Instant.now());
        Deployment d = aliases.move(ModelAliases.PRODUCTION, after, DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(d.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");

        String row = "online.metrics.find { it.model_id == '%s' && it.variant == '%s' && it.day == '%s' }.";
        given().get("/api/v1/dashboard")
                .then()
                .statusCode(200)
                .body("online.days", equalTo(30))
                .body("online.to", equalTo(today.toString()))
                .body("online.from", equalTo(today.minusDays(29).toString()))
                .body("online.time_zone", equalTo("Asia/Ho_Chi_Minh"))
                .body("online.attribution_window_minutes", equalTo(30.0f))
                .body("online.metrics.findAll { it.model_id == '" + before + "' }.size()", equalTo(3))
                .body("online.metrics.findAll { it.model_id == '" + after + "' }.size()", equalTo(9))
                .body(String.format(row, before, "production", today.minusDays(5)) + "ctr", equalTo(0.1f))
                .body(String.format(row, after, "production", today) + "impressions", equalTo(200))
                .body(String.format(row, after, "production", today) + "add_to_cart_rate", equalTo(0.03f))
                .body(String.format(row, after, "production", today) + "purchase_rate", equalTo(0.01f))
                .body(String.format(row, after, "production", today) + "catalogue_coverage", equalTo(0.4f))
                .body(String.format(row, after, "canary", today) + "ctr", equalTo(0.1f))
                .body("online.model_changes.find { it.model_id == '" + after + "' }.day", equalTo(today.toString()))
                .body("online.model_changes.find { it.model_id == '" + after + "' }.status", equalTo("SUCCEEDED"));
    }

    @Test
    void thePageAndItsChartingLibraryAreServedFromTheService() {
        given().get("/dashboard/")
                .then()
                .statusCode(200)
                .body(containsString("chart-models"))
                .body(containsString("chart-latency"))
                .body(containsString("chart-ctr"))
                .body(containsString("table-registry"))
                .body(containsString("/webjars/chart.js/dist/chart.umd.js"));
        given().get("/dashboard/dashboard.js").then().statusCode(200).body(containsString("/api/v1/dashboard"));
        given().get("/webjars/chart.js/dist/chart.umd.js")
                .then()
                .statusCode(200)
                .body(containsString("Chart"));
    }
}
