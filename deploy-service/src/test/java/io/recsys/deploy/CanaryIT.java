package io.recsys.deploy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.CanarySplit;
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
import io.recsys.deploy.canary.CanaryStage;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.ServingProcess;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canary against two real serving replicas (packaged jar, as processes) and a real
 * PostgreSQL: the split every replica makes, verification and refusal, and the judge's decisions
 * on planted impressions, clicks and guard minutes. Each test starts with no canary, no production
 * and no feedback recorded, and builds its own.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class CanaryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServingProcess first;
    private static ServingProcess second;

    @Inject
    StageRunner runner;

    @Inject
    CanaryStage canary;

    @Inject
    DeploymentStage deployment;

    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void startReplicas() {
        List<ServingProcess> replicas = ServingProcess.startAll(
                EmbeddedPostgresResource.jdbcUrl(), Path.of("target", "test-home"), "canary-a", "canary-b");
        first = replicas.get(0);
        second = replicas.get(1);
    }

    @AfterAll
    static void stopReplicas() {
        for (ServingProcess p : new ServingProcess[] {first, second}) {
            if (p != null) {
                p.close();
            }
        }
    }

    @BeforeEach
    void noCanaryNoProductionNoFeedback() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM model_aliases WHERE alias IN ('production', 'canary')");
            s.executeUpdate("DELETE FROM deployments WHERE alias IN ('production', 'canary')");
            s.executeUpdate("DELETE FROM impressions");
            s.executeUpdate("DELETE FROM events");
            s.executeUpdate("DELETE FROM variant_health");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> canaryOf(first) == null && canaryOf(second) == null);
    }

    private RunOutcome run(String... args) throws Exception {
        return runner.run(canary, Trigger.CLI, OptionParser.parse(List.of(args), canary.options()));
    }

    /** Production serves {@code id} on both replicas (moved by the test; the deployment stage has its own IT). */
    private ModelVersion production(String id) throws Exception {
        ModelVersion v = TestModels.publish(store, registry, TestModels.good(id));
        registry.crown(v.id(), "test");
        aliases.move(ModelAliases.PRODUCTION, v.id(), DeploymentAction.PROMOTE, "CLI", null, null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> id.equals(health(first).path("model_id").asText())
                        && id.equals(health(second).path("model_id").asText()));
        return v;
    }

    private ModelVersion candidate(String id) throws Exception {
        return TestModels.publish(store, registry, TestModels.good(id));
    }

    private static JsonNode health(ServingProcess p) throws Exception {
        return get(p.baseUrl() + "/health");
    }

    private static String canaryOf(ServingProcess p) throws Exception {
        return health(p).path("canary").path("model_id").asText(null);
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private ModelState state(String id) throws Exception {
        return registry.find(id).orElseThrow().state();
    }

    @Test
    void everyReplicaPutsAUserInTheSameArmBeforeAndAfterARestart() throws Exception {
        production("als-prod-split");
        candidate("als-canary-split");

        RunOutcome started = run("--start", "als-canary-split", "--share", "0.3");

        assertThat(started.status()).as(started.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(started.message()).contains("30.0% of users").contains("verified");
        AliasTarget alias = aliases.current("canary").orElseThrow();
        assertThat(alias.trafficShare()).isEqualTo(0.3);
        Deployment start = aliases.history("canary", 1).get(0);
        assertThat(start.action()).isEqualTo(DeploymentAction.CANARY_START);
        assertThat(start.status()).isEqualTo(DeploymentStatus.SUCCEEDED);

        int inCanary = assertEveryUserInTheSameArm();
        assertThat(inCanary).isBetween(35, 85); // 30 % of 200, loosely

        // A restarted replica (a crash, then a new process with the same id) splits the same way.
        second.kill();
        second = ServingProcess.startAll(EmbeddedPostgresResource.jdbcUrl(), Path.of("target", "test-home"), "canary-b")
                .get(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> "als-canary-split".equals(canaryOf(second)));
        assertEveryUserInTheSameArm();

        // Impressions carry the variant and the model that answered.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(
                            count(
                                    "SELECT count(*) FROM impressions WHERE variant = 'canary' AND model_id = 'als-canary-split'"))
                    .isGreaterThan(0);
            assertThat(
                            count(
                                    "SELECT count(*) FROM impressions WHERE variant = 'production' AND model_id = 'als-prod-split'"))
                    .isGreaterThan(0);
        });

        // While it runs, the daily deployment leaves production to the canary's verdict.
        registry.crown("als-canary-split", "test: trained and crowned meanwhile");
        RunOutcome daily = runner.run(deployment, Trigger.CRON, OptionParser.parse(List.of(), deployment.options()));
        assertThat(daily.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(daily.message()).contains("canary als-canary-split is being judged");

        // An operator deploys the canary's model by name: the next canary run ends the canary and
        // rejects nothing (production serves that model now).
        RunOutcome byName = runner.run(
                deployment,
                Trigger.CLI,
                OptionParser.parse(List.of("--model-id", "als-canary-split"), deployment.options()));
        assertThat(byName.status()).as(byName.message()).isEqualTo(RunStatus.SUCCEEDED);
        RunOutcome judged = run();
        assertThat(judged.message()).contains("ended: production already serves it");
        assertThat(aliases.current("canary")).isEmpty();
        assertThat(state("als-canary-split")).isEqualTo(ModelState.CHAMPION);
    }

    /** Asks both replicas for 200 users; each answers every user from the arm the split names. */
    private int assertEveryUserInTheSameArm() throws Exception {
        int canaryUsers = 0;
        for (int u = 0; u < 200; u++) {
            String user = "shopper-" + u;
            boolean expected = CanarySplit.inCanary("als-canary-split", user, 0.3);
            canaryUsers += expected ? 1 : 0;
            for (ServingProcess p : List.of(first, second)) {
                JsonNode answer = get(p.baseUrl() + "/api/v1/recommendations/" + user + "?k=2");
                assertThat(answer.path("variant").asText())
                        .as(user + " on " + p.instanceId())
                        .isEqualTo(expected ? "canary" : "production");
                assertThat(answer.path("model_id").asText())
                        .isEqualTo(expected ? "als-canary-split" : "als-prod-split");
            }
        }
        return canaryUsers;
    }

    @Test
    void aCanaryTheReplicasRefuseIsEndedRejectedAndLeavesProductionAlone() throws Exception {
        production("als-prod-refused");
        TestModels.publish(store, registry, TestModels.withNaN("als-canary-nan"));

        RunOutcome outcome = run("--start", "als-canary-nan");

        assertThat(outcome.exitCode()).isEqualTo(ExitCode.BUSINESS_FAILURE);
        assertThat(outcome.message()).contains("failed verification").contains("non-finite value NaN");
        assertThat(aliases.current("canary")).isEmpty();
        List<Deployment> h = aliases.history("canary", 2);
        assertThat(h.get(0).action()).isEqualTo(DeploymentAction.CANARY_STOP);
        assertThat(h.get(1).action()).isEqualTo(DeploymentAction.CANARY_START);
        assertThat(h.get(1).status()).isEqualTo(DeploymentStatus.ROLLED_BACK);
        assertThat(state("als-canary-nan")).isEqualTo(ModelState.REJECTED);
        assertThat(state("als-prod-refused")).isEqualTo(ModelState.CHAMPION);
        assertThat(health(first).path("model_id").asText()).isEqualTo("als-prod-refused");
    }

    @Test
    void significantlyBetterIsPromotedToProductionAndVerified() throws Exception {
        production("als-prod-loses");
        candidate("als-canary-wins");
        assertThat(run("--start", "als-canary-wins", "--share", "0.5").status()).isEqualTo(RunStatus.SUCCEEDED);
        plant("production", "als-prod-loses", 2000, 200);
        plant("canary", "als-canary-wins", 2000, 320);

        RunOutcome judged = run();

        assertThat(judged.status()).as(judged.message()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(judged.message()).contains("promoted").contains("significantly better");
        assertThat(aliases.current("canary")).isEmpty();
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-canary-wins");
        Deployment stop = aliases.history("canary", 1).get(0);
        assertThat(stop.action()).isEqualTo(DeploymentAction.CANARY_STOP);
        assertThat(stop.message()).startsWith("promoted: significantly better");
        assertThat(stop.verification())
                .containsEntry("verdict", "PROMOTE")
                .containsKeys("p_value", "z", "needed_impressions_per_arm");
        // The planted answers, and the few the verification's smoke test asked for.
        assertThat(((Number) stop.verification().get("canary_impressions")).longValue())
                .isBetween(2000L, 2020L);
        assertThat(((Number) stop.verification().get("production_impressions")).longValue())
                .isBetween(2000L, 2020L);
        Deployment promoted = aliases.history(ModelAliases.PRODUCTION, 1).get(0);
        assertThat(promoted.modelId()).isEqualTo("als-canary-wins");
        assertThat(promoted.status()).isEqualTo(DeploymentStatus.SUCCEEDED);
        assertThat(state("als-canary-wins")).isEqualTo(ModelState.CHAMPION);
        assertThat(health(second).path("model_id").asText()).isEqualTo("als-canary-wins");
        assertThat(alerts("INFO", "Canary promoted: als-canary-wins")).isEqualTo(1);
    }

    @Test
    void significantlyWorseIsRolledBackAndRejected() throws Exception {
        production("als-prod-wins");
        candidate("als-canary-loses");
        run("--start", "als-canary-loses", "--share", "0.5");
        plant("production", "als-prod-wins", 2000, 300);
        plant("canary", "als-canary-loses", 2000, 180);

        RunOutcome judged = run();

        assertThat(judged.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(judged.message()).contains("rolled back: significantly worse");
        assertThat(aliases.current("canary")).isEmpty();
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-prod-wins");
        assertThat(aliases.history("canary", 1).get(0).verification()).containsEntry("verdict", "ROLL_BACK");
        assertThat(state("als-canary-loses")).isEqualTo(ModelState.REJECTED);
        assertThat(state("als-prod-wins")).isEqualTo(ModelState.CHAMPION);
        assertThat(alerts("WARNING", "Canary rolled back: als-canary-loses")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> canaryOf(first) == null && canaryOf(second) == null);
    }

    @Test
    void aBreachedGuardRollsBackWhateverTheClickThroughRate() throws Exception {
        production("als-prod-guard");
        candidate("als-canary-errs");
        run("--start", "als-canary-errs", "--share", "0.5");
        plant("production", "als-prod-guard", 2000, 200);
        plant("canary", "als-canary-errs", 2000, 400);
        execute("INSERT INTO variant_health VALUES ('planted', date_trunc('minute', now()), 'canary',"
                + " 'als-canary-errs', 1000, 120, 0, 4.0)");

        RunOutcome judged = run();

        assertThat(judged.message()).contains("guard: canary error rate");
        assertThat(state("als-canary-errs")).isEqualTo(ModelState.REJECTED);
    }

    @Test
    void undecidedAtTheDeadlineKeepsProductionAndSaysSo() throws Exception {
        production("als-prod-stays");
        candidate("als-canary-undecided");
        run("--start", "als-canary-undecided", "--share", "0.5");
        plant("production", "als-prod-stays", 50, 5);
        plant("canary", "als-canary-undecided", 50, 6);

        RunOutcome early = run();
        assertThat(early.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(early.message()).contains("collecting");
        assertThat(aliases.current("canary")).isPresent();

        // The canary started longer ago than deploy.canary.max-duration.
        execute("UPDATE model_aliases SET updated_at = now() - interval '8 days' WHERE alias = 'canary'");
        execute("UPDATE impressions SET served_at = now() - interval '7 days'");
        execute("UPDATE events SET occurred_at = now() - interval '7 days' + interval '1 minute'");

        RunOutcome late = run();

        assertThat(late.message()).contains("production stays: undecided at the deadline");
        assertThat(aliases.current("canary")).isEmpty();
        assertThat(aliases.history("canary", 1).get(0).verification()).containsEntry("verdict", "KEEP_PRODUCTION");
        assertThat(aliases.current(ModelAliases.PRODUCTION).orElseThrow().modelId())
                .isEqualTo("als-prod-stays");
        assertThat(state("als-prod-stays")).isEqualTo(ModelState.CHAMPION);
    }

    @Test
    void statusMovesNothingStopEndsItAndBadInvocationsExitTwo() throws Exception {
        production("als-prod-ops");
        candidate("als-canary-ops");
        assertThat(run("--start", "als-canary-ops", "--dry-run").message()).startsWith("dry run: would start");
        assertThat(aliases.current("canary")).isEmpty();
        run("--start", "als-canary-ops");
        assertThat(aliases.current("canary").orElseThrow().trafficShare()).isEqualTo(0.1);

        // --status is a run of its own (its ledger row, lease, run log and the runner's INFO alert); nothing
        // else may change.
        String[] others = {
            "serving_replicas",
            "service_health",
            "impressions",
            "variant_health",
            "pipeline_runs",
            "alert_log",
            "stage_leases"
        };
        WorldSnapshot before = WorldSnapshot.takeIgnoring(store.root(), others);
        RunOutcome status = run("--status");
        assertThat(status.message())
                .contains("canary als-canary-ops (10.0% of users")
                .contains("the judge would wait");
        assertThat(run("--stop", "--dry-run").message()).startsWith("dry run: would stop");
        assertThat(before.differences(WorldSnapshot.takeIgnoring(store.root(), others)))
                .filteredOn(d -> !d.contains("logs/"))
                .isEmpty();

        assertThat(run("--start", "als-canary-ops").exitCode()).isEqualTo(ExitCode.BUSINESS_FAILURE);
        for (String[] bad : List.of(
                new String[] {"--share", "0.2"},
                new String[] {"--start", "als-canary-ops", "--share", "1.5"},
                new String[] {"--start", "als-canary-ops", "--share", "lots"},
                new String[] {"--status", "--stop"},
                new String[] {"--force"})) {
            assertThat(run(bad).exitCode()).as(String.join(" ", bad)).isEqualTo(ExitCode.BAD_INVOCATION);
        }

        RunOutcome stopped = run("--stop");
        assertThat(stopped.message()).contains("ended, stopped by hand");
        assertThat(aliases.current("canary")).isEmpty();
        assertThat(state("als-canary-ops")).isEqualTo(ModelState.REJECTED);
        assertThat(run("--stop").status()).isEqualTo(RunStatus.SKIPPED);
    }

    @Test
    void overHttpACanaryIsStartedInspectedAndStopped() throws Exception {
        production("als-prod-http");
        candidate("als-canary-http");
        given().contentType("application/json")
                .body(Map.of("model_id", "als-canary-http", "share", 0.2))
                .post("/api/v1/canary")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer test-token")
                .contentType("application/json")
                .body(Map.of("model_id", "als-canary-http", "share", 2))
                .post("/api/v1/canary")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.containsString("--share must be in (0, 1)"));
        String startRun = given().header("Authorization", "Bearer test-token")
                .contentType("application/json")
                .body(Map.of("model_id", "als-canary-http", "share", 0.2))
                .post("/api/v1/canary")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        // The start run verifies the canary on both replicas, holding the canary stage's lease.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().header("Authorization", "Bearer test-token")
                        .get("/api/v1/runs/" + startRun)
                        .then()
                        .body("status", equalTo("SUCCEEDED")));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/api/v1/canary")
                        .then()
                        .statusCode(200)
                        .body("running", equalTo(true))
                        .body("canary_model_id", equalTo("als-canary-http"))
                        .body("production_model_id", equalTo("als-prod-http"))
                        .body("share", equalTo(0.2f)));
        await().atMost(Duration.ofSeconds(30)).until(() -> "als-canary-http".equals(canaryOf(first)));
        given().header("Authorization", "Bearer test-token")
                .delete("/api/v1/canary")
                .then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> given().get("/api/v1/canary").then().body("running", equalTo(false)));
    }

    /**
     * {@code impressions} answers of {@code model} as {@code variant} since the canary started, the
     * first {@code clicked} of them clicked a minute later (attributed: same user, shown item).
     */
    private void plant(String variant, String model, int impressions, int clicked) throws Exception {
        String tag = variant + "-" + model;
        execute(
                "INSERT INTO impressions (request_id, served_at, instance_id, endpoint, user_id, model_id, variant, items)"
                        + " SELECT '" + tag + "-' || g, now(), 'planted', 'recommend', '" + tag + "-user-' || g, '"
                        + model
                        + "', '" + variant + "', ARRAY['p1', 'p2'] FROM generate_series(1, " + impressions + ") g");
        execute("INSERT INTO events (event_id, user_id, item_id, type, occurred_at) SELECT '" + tag + "-click-' || g,"
                + " '" + tag + "-user-' || g, 'p2', 'click', now() + interval '1 second' FROM generate_series(1, "
                + clicked + ") g");
    }

    private void execute(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The canary's own alerts with this subject (not the runner's "Pipeline canary succeeded"). */
    private long alerts(String severity, String subject) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM alert_log WHERE severity = ? AND source = 'canary' AND subject = ?")) {
            ps.setString(1, severity);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
