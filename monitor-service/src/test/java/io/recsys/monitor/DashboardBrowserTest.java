package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelType;
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
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium}, installed by the
 * project's test script) loads the page from this service, runs its script against the real data
 * call, and the drawn DOM must show every chart with data; a screenshot is kept in
 * {@code target/dashboard.png}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class DashboardBrowserTest {
    private static final Pattern CANVAS = Pattern.compile("<canvas id=\"(chart-[a-z]+)\"[^>]*data-points=\"(\\d+)\"");

    @TestHTTPResource("/dashboard/")
    URL page;
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

    static Path chromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException("no Chromium found: run the project's test script (./run-tests.sh), which"
                + " installs Debian's chromium, or apt-get install chromium");
    }

    private static String chromium(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--virtual-time-budget=15000"));
        cmd.addAll(List.of(args));
        Path log = Path.of("target", "chromium-" + UUID.randomUUID() + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 120 s; see " + log);
        }
        return out;
    }

    @Test
    void everyChartIsDrawnWithDataAndAScreenshotIsKept() throws Exception {
        // Two models of each type over time, each with its baseline; a deployment; drift; health.
        for (int i = 0; i < 2; i++) {
            for (ModelType type : ModelType.values()) {
                String id = type.name().toLowerCase() + "-shot-" + i + "-" + UUID.randomUUID().toString().substring(0, 6);
                TestModels.publish(store, registry, TestModels.good(id), id, type);
            }
        }
        String production = registry.recent(1).get(0).id();
        Deployment d = aliases.move(ModelAliases.PRODUCTION, production, DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(d.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");
        for (double psi : new double[]{0.02, 0.31}) {
            drift.saveReport(Instant.now(), null, "snap-a", "snap-b", psi > 0.25 ? DriftSeverity.HIGH : DriftSeverity.LOW,
                    psi > 0.25, Map.of("rating_drift", Map.of("max_difference", psi / 2),
                            "popularity_drift", Map.of("jaccard_similarity", 1 - psi, "psi", psi)));
        }
        runner.run(health, Trigger.CLI, StageOptions.none());
        runner.run(health, Trigger.CLI, StageOptions.none());

        String dom = chromium("--dump-dom", page.toString());
        assertThat(dom).as("the script ran to the end").contains("data-rendered=\"true\"");
        Matcher m = CANVAS.matcher(dom);
        Map<String, Integer> points = new java.util.TreeMap<>();
        while (m.find()) {
            points.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(points).containsOnlyKeys("chart-models", "chart-success", "chart-duration", "chart-drift", "chart-health");
        assertThat(points.get("chart-models")).as("models drawn").isGreaterThanOrEqualTo(4);
        assertThat(points.get("chart-drift")).as("drift reports drawn").isGreaterThanOrEqualTo(2);
        assertThat(points.get("chart-health")).as("health checks drawn").isGreaterThanOrEqualTo(2);
        assertThat(points.get("chart-success")).isPositive();
        assertThat(dom).contains("health: ").contains(production);

        Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium("--window-size=1400,2000", "--screenshot=" + shot, page.toString());
        assertThat(shot).exists();
        assertThat(Files.size(shot)).as("a real picture, not a blank page").isGreaterThan(30_000);
    }
}
