package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.chain.ChainEdge;
import io.recsys.core.chain.ChainLinks;
import io.recsys.core.chain.ChainSignal;
import io.recsys.core.chain.LinkDecision;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.feedback.Variant;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.online.OnlineCounts;
import io.recsys.core.online.OnlineMetricsStore;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ServiceMinute;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.RunStatus;
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
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: headless Chromium (Debian's {@code chromium}, installed by the
 * project's test script) loads the page from this service, runs its script against the real data
 * call, and the drawn DOM must show every chart of the five tabs with data, the model-info tab's
 * champion, production alias, registry and state changes, and the online tab's production moves
 * marked on its charts; a screenshot of each tab is kept in {@code target/dashboard[-<tab>].png}.
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class DashboardBrowserIT {
    private static final Pattern CANVAS = Pattern.compile("<canvas id=\"(chart-[a-z]+)\"[^>]*data-points=\"(\\d+)\"");
    private static final Pattern TABLE = Pattern.compile("<table id=\"(table-[a-z]+)\"[^>]*data-rows=\"(\\d+)\"");
    private static final Pattern MARKS = Pattern.compile("<canvas id=\"(chart-[a-z]+)\"[^>]*data-marks=\"(\\d+)\"");

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

    @Inject
    ReplicaDirectory replicas;

    @Inject
    OnlineMetricsStore online;

    @Inject
    OnlineCalendar calendar;

    @Inject
    DataSource dataSource;

    @Inject
    RunLedger ledger;

    @Inject
    ChainLinks chainLinks;

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
        List<String> cmd = new ArrayList<>(List.of(
                chromium().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--virtual-time-budget=15000"));
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
                String id = type.name().toLowerCase(Locale.ROOT) + "-shot-" + i + "-"
                        + UUID.randomUUID().toString().substring(0, 6);
                TestModels.publish(store, registry, TestModels.good(id), id, type);
            }
        }
        List<ModelVersion> mine = registry.recent(4);
        String retired = mine.get(3).id();
        String rejected = mine.get(2).id();
        String production = mine.get(0).id();
        registry.crown(retired, "beats the baseline");
        registry.transition(rejected, ModelState.REJECTED, "lost to " + production);
        registry.crown(production, "beats the champion");
        // Production served `retired` from nine days ago, then `production` from four days ago (the
        // moves back-dated), with `rejected` as a canary for the last three days.
        Deployment first = aliases.move(ModelAliases.PRODUCTION, retired, DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(first.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");
        Deployment d = aliases.move(ModelAliases.PRODUCTION, production, DeploymentAction.PROMOTE, "CLI", null, null);
        aliases.finish(d.id(), DeploymentStatus.SUCCEEDED, Map.of(), "verified");
        backdate(first, 9);
        backdate(d, 4);
        LocalDate today = calendar.day(Instant.now());
        for (int day = 9; day >= 0; day--) {
            List<OnlineCounts> rows = new ArrayList<>();
            int clicked = day > 4 ? 60 - 3 * day : 70 + 2 * day;
            rows.add(new OnlineCounts(
                    day > 4 ? retired : production,
                    Variant.PRODUCTION,
                    1000 + 20 * day,
                    700,
                    clicked + 9,
                    clicked,
                    clicked / 2,
                    clicked / 2 - 1,
                    clicked / 5,
                    clicked / 5,
                    80 + day));
            if (day < 3) {
                rows.add(new OnlineCounts(rejected, Variant.CANARY, 120, 90, 12, 10, 5, 4, 2, 2, 40));
            }
            online.replaceDay(today.minusDays(day), rows, 200L, Instant.now());
        }
        for (double psi : new double[] {0.02, 0.31}) {
            drift.saveReport(
                    Instant.now(),
                    null,
                    "snap-a",
                    "snap-b",
                    psi > 0.25 ? DriftSeverity.HIGH : DriftSeverity.LOW,
                    psi > 0.25,
                    Map.of(
                            "rating_drift",
                            Map.of("max_difference", psi / 2),
                            "popularity_drift",
                            Map.of("jaccard_similarity", 1 - psi, "psi", psi)));
        }
        runner.run(health, Trigger.CLI, StageOptions.none());
        runner.run(health, Trigger.CLI, StageOptions.none());
        // Two replicas' minutes, two hours back: drawn by the service tab (24 h), outside the health
        // rules' 1 h window, so no other test's health check sees them.
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        List<String> replicaIds = List.of("serving-a-" + suffix, "serving-b-" + suffix);
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(2, ChronoUnit.HOURS);
        for (int i = 0; i < 10; i++) {
            for (int r = 0; r < replicaIds.size(); r++) {
                replicas.record(new ServiceMinute(
                        replicaIds.get(r),
                        start.plus(i, ChronoUnit.MINUTES),
                        120,
                        (i + r) % 4 == 0 ? 3 + r : 0,
                        10 + 2 * i + 6 * r,
                        30 + 12 * i + 25 * r,
                        200,
                        150,
                        production,
                        0));
            }
        }

        try {
            // Heartbeats after the health checks (whose service check would call these URLs), removed at the end.
            for (String id : replicaIds) {
                replicas.heartbeat(
                        id, "http://127.0.0.1:9/" + id, production, null, Instant.now(), null, null, Instant.now());
            }
            // A canary beside production: on the model-info tab, its start in the deployment history.
            aliases.startCanary("canary", retired, 0.1, "CLI", null, null);
            checkPage(production, d, replicaIds);
            assertThat(facts(chromium("--dump-dom", page.toString()), "canary"))
                    .contains(retired)
                    .contains("10.0 %");
        } finally {
            aliases.endCanary("canary", DeploymentStatus.SUCCEEDED, Map.of(), "test over", "CLI", null, null);
            for (String id : replicaIds) {
                replicas.remove(id);
            }
        }
    }

    @Test
    void aChainIsOneRowThatExpandsToTheRunsItStartedAndTheEdgesThatStartedNothing() throws Exception {
        // refresh -> drift -> training, as three finished runs; drift's edge to training fired once
        // more inside its cool-down (a link that started nothing).
        UUID refresh = finishedRun("data-refresh", null, "published snapshot s-chain");
        UUID drift = finishedRun("drift-detection", refresh, "drift detected (high)");
        UUID training = finishedRun("training", drift, "new champion als-chain");
        ChainEdge refreshDrift = new ChainEdge(
                "refresh-drift",
                "data-refresh",
                ChainSignal.SNAPSHOT_PUBLISHED,
                "drift-detection",
                true,
                Duration.ZERO);
        ChainEdge driftTraining = new ChainEdge(
                "drift-training",
                "drift-detection",
                ChainSignal.RETRAIN_ADVISED,
                "training",
                true,
                Duration.ofHours(12));
        chainLinks.record(refresh, refreshDrift, LinkDecision.STARTED, drift, "started on snapshot-published");
        chainLinks.record(drift, driftTraining, LinkDecision.STARTED, training, "started on retrain-advised");
        chainLinks.record(drift, driftTraining, LinkDecision.COOLING_DOWN, null, "cool-down PT12H");

        String dom = chromium("--dump-dom", page.toString());
        assertThat(dom).contains("data-rendered=\"true\"");
        assertThat(rowTag(dom, "data-run=\"" + refresh + "\""))
                .as("the chain's first run heads it")
                .contains("class=\"chain-head\"")
                .doesNotContain("hidden");
        Matcher head = Pattern.compile("<tr[^>]*data-run=\"" + refresh + "\"[^>]*>(.*?)</tr>")
                .matcher(dom);
        assertThat(head.find()).isTrue();
        assertThat(head.group(1))
                .contains("chain of 3 runs, 1 edge that started nothing")
                .contains("chain-toggle")
                .contains("data-refresh");
        // its members, folded under it
        for (UUID member : List.of(drift, training)) {
            assertThat(rowTag(dom, "data-run=\"" + member + "\""))
                    .contains("class=\"chain-member\"")
                    .contains("data-chain=\"" + refresh + "\"")
                    .contains("hidden");
        }
        // the edge that started nothing, under the chain too
        Matcher link =
                Pattern.compile("<tr[^>]*class=\"chain-link\"[^>]*>(.*?)</tr>").matcher(dom);
        assertThat(link.find()).isTrue();
        assertThat(link.group(0)).contains("data-chain=\"" + refresh + "\"").contains("hidden");
        assertThat(link.group(1))
                .contains("training")
                .contains("status-COOLING_DOWN")
                .contains("drift-training (retrain-advised): cool-down PT12H");
    }

    /** The opening tag of the one table row with {@code attribute}. */
    private static String rowTag(String dom, String attribute) {
        Matcher m = Pattern.compile("<tr[^>]*" + Pattern.quote(attribute) + "[^>]*>")
                .matcher(dom);
        assertThat(m.find()).as("a row with " + attribute).isTrue();
        return m.group();
    }

    private UUID finishedRun(String stage, UUID parent, String message) {
        UUID id = ledger.start(stage, Trigger.CLI, "dashboard-test", Map.of(), false, parent);
        ledger.finish(
                id,
                new RunLedger.Completion(
                        RunStatus.SUCCEEDED, ExitCode.OK, message, Map.of(), Map.of(), Map.of(), null, null, 1));
        return id;
    }

    private void backdate(Deployment d, int days) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE deployments SET started_at = now() - make_interval(days => ?) WHERE id = ?")) {
            ps.setInt(1, days);
            ps.setLong(2, d.id());
            ps.executeUpdate();
        }
    }

    private void checkPage(String production, Deployment d, List<String> replicaIds) throws Exception {
        String dom = chromium("--dump-dom", page.toString());
        assertThat(dom).as("the script ran to the end").contains("data-rendered=\"true\"");
        Map<String, Integer> points = found(CANVAS, dom);
        assertThat(points)
                .containsOnlyKeys(
                        "chart-models",
                        "chart-success",
                        "chart-duration",
                        "chart-drift",
                        "chart-health",
                        "chart-latency",
                        "chart-errors",
                        "chart-fallbacks",
                        "chart-ctr",
                        "chart-cart",
                        "chart-purchase",
                        "chart-coverage",
                        "chart-impressions");
        assertThat(points.get("chart-models")).as("models drawn").isGreaterThanOrEqualTo(4);
        assertThat(points.get("chart-drift")).as("drift reports drawn").isGreaterThanOrEqualTo(2);
        assertThat(points.get("chart-health")).as("health checks drawn").isGreaterThanOrEqualTo(2);
        assertThat(points.get("chart-success")).isPositive();
        // Service health tab: every replica-minute drawn in each chart.
        for (String chart : List.of("chart-latency", "chart-errors", "chart-fallbacks")) {
            assertThat(points.get(chart)).as(chart).isGreaterThanOrEqualTo(20);
        }
        // Online tab: ten days of production (two models) and three of the canary, the two moves marked.
        for (String chart :
                List.of("chart-ctr", "chart-cart", "chart-purchase", "chart-coverage", "chart-impressions")) {
            assertThat(points.get(chart)).as(chart).isGreaterThanOrEqualTo(13);
        }
        assertThat(found(MARKS, dom).get("chart-ctr"))
                .as("production moves marked")
                .isGreaterThanOrEqualTo(2);
        Map<String, Integer> rows = found(TABLE, dom);
        assertThat(rows.get("table-online")).as("online metrics listed").isGreaterThanOrEqualTo(13);
        assertThat(rows.get("table-replicas")).as("replicas listed").isGreaterThanOrEqualTo(2);
        assertThat(dom).contains(replicaIds.get(0)).contains(replicaIds.get(1));
        // Model info tab: champion and production alias, the registry with states, the state changes.
        assertThat(rows.get("table-registry")).as("registry listed").isGreaterThanOrEqualTo(4);
        assertThat(rows.get("table-changes")).as("state changes listed").isGreaterThanOrEqualTo(7);
        assertThat(facts(dom, "champion")).contains(production).contains("beats the champion");
        assertThat(facts(dom, "production")).contains(production).contains("#" + d.id());
        assertThat(dom)
                .contains("replaced by " + production)
                .contains("lost to " + production)
                .contains("RETIRED")
                .contains("REJECTED")
                .contains("(registered)");
        assertThat(dom).contains("health: ").contains(production);

        // One picture per tab, each picked by the URL's fragment.
        for (String tab : List.of("", "training", "drift", "models", "online")) {
            Path shot = Path.of("target", tab.isEmpty() ? "dashboard.png" : "dashboard-" + tab + ".png")
                    .toAbsolutePath();
            Files.deleteIfExists(shot);
            chromium("--window-size=1400,1600", "--screenshot=" + shot, page + (tab.isEmpty() ? "" : "#" + tab));
            assertThat(shot).exists();
            assertThat(Files.size(shot))
                    .as("a real picture of " + shot + ", not a blank page")
                    .isGreaterThan(30_000);
        }
    }

    private static Map<String, Integer> found(Pattern p, String dom) {
        Matcher m = p.matcher(dom);
        Map<String, Integer> out = new java.util.TreeMap<>();
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    /** The text of a {@code <dl id=...>} of the model-info tab, tags stripped. */
    private static String facts(String dom, String id) {
        int start = dom.indexOf("<dl id=\"" + id + "\"");
        assertThat(start).as("dl#" + id).isNotNegative();
        return dom.substring(start, dom.indexOf("</dl>", start)).replaceAll("<[^>]+>", " ");
    }
}
