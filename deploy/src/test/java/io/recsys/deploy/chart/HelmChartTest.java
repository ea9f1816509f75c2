package io.recsys.deploy.chart;

import static io.recsys.deploy.chart.RenderedChart.byKindAndName;
import static io.recsys.deploy.chart.RenderedChart.properties;
import static io.recsys.deploy.chart.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The chart, linted and rendered by real Helm (v3, embedded through helm-java), checked against
 * the services it deploys: the same schedules the monitor watches, the serving JVM options the
 * benchmark measured, the metric names the code registers, and no secret in plain text.
 */
class HelmChartTest {
    private static final Path CHART = RenderedChart.CHART;
    private static final Path REPO = Path.of("..");
    private static final String RELEASE = RenderedChart.RELEASE;
    private static final String PREFIX = RenderedChart.PREFIX;
    /**
     * The seed's schedules (01: automation config; 02: schedules), one CronJob per stage, and the
     * hourly online metrics and canary judge (not seed stages).
     */
    private static final Map<String, String> SEED_SCHEDULES = Map.of(
            "data-refresh",
            "0 2 * * *",
            "embeddings",
            "0 3 * * 2",
            "training",
            "0 3 * * 0",
            "deployment",
            "0 5 * * *",
            "drift-detection",
            "0 9 * * 1",
            "health-check",
            "0 * * * *",
            "cleanup",
            "0 4 1 * *",
            "online-metrics",
            "15 * * * *",
            "canary",
            "30 * * * *");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void lintsCleanInStrictMode() {
        var result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed())
                .as(String.join("\n", result.getMessages()))
                .isFalse();
    }

    @Test
    void aClusterWithoutCronJobTimeZonesIsRefused() {
        // CronJob timeZone is GA from 1.27; an older cluster would silently run the stages in UTC.
        assertThatThrownBy(() -> new Helm(CHART)
                        .template()
                        .withName(RELEASE)
                        .withKubeVersion("1.25.0")
                        .call())
                .hasMessageContaining("kubeVersion");
    }

    @Test
    void everyStageIsACronJobOnTheSeedScheduleThatFailsAtOnceOnNonRetryableExitCodes() throws IOException {
        Map<String, JsonNode> cronJobs = byKindAndName(render(Map.of()), "CronJob");
        assertThat(cronJobs.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        SEED_SCHEDULES.keySet().stream().map(s -> PREFIX + s).toList());
        for (Map.Entry<String, String> stage : SEED_SCHEDULES.entrySet()) {
            JsonNode cj = cronJobs.get(PREFIX + stage.getKey());
            assertThat(cj.at("/spec/schedule").asText()).as(stage.getKey()).isEqualTo(stage.getValue());
            assertThat(cj.at("/spec/timeZone").asText()).isEqualTo("Asia/Ho_Chi_Minh");
            assertThat(cj.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
            JsonNode job = cj.at("/spec/jobTemplate/spec");
            JsonNode failJob = job.at("/podFailurePolicy/rules/0");
            assertThat(failJob.at("/action").asText()).isEqualTo("FailJob");
            assertThat(failJob.at("/onExitCodes/containerName").asText()).isEqualTo("stage");
            assertThat(yaml.convertValue(failJob.at("/onExitCodes/values"), int[].class))
                    .containsExactly(2, 3, 5);
            assertThat(job.at("/template/spec/restartPolicy").asText()).isEqualTo("Never");
            JsonNode container = job.at("/template/spec/containers/0");
            assertThat(container.at("/name").asText()).isEqualTo("stage");
            assertThat(container.at("/args/0").asText()).isEqualTo("run-once");
            assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/var/lib/recsys");
        }
        // Stages living in one service pick themselves with --stage; each image is its service's.
        assertThat(cronJobs.get(PREFIX + "cleanup")
                        .at("/spec/jobTemplate/spec/template/spec/containers/0/args")
                        .toString())
                .isEqualTo("[\"run-once\",\"--stage\",\"cleanup\"]");
        assertThat(cronJobs.get(PREFIX + "online-metrics")
                        .at("/spec/jobTemplate/spec/template/spec/containers/0/args")
                        .toString())
                .isEqualTo("[\"run-once\",\"--stage\",\"online-metrics\"]");
        assertThat(cronJobs.get(PREFIX + "embeddings")
                        .at("/spec/jobTemplate/spec/template/spec/containers/0/image")
                        .asText())
                .isEqualTo("ghcr.io/recsys/embedding-service:0.1.0");
    }

    @Test
    void criticalAlertsPageThroughAlertmanagerAndMailGoesToTheSeveritysRecipients() throws IOException {
        Properties none = properties(byKindAndName(render(Map.of()), "ConfigMap")
                .get(PREFIX + "config")
                .at("/data/application.properties")
                .asText());
        assertThat(none.getProperty("recsys.alerts.critical")).isEqualTo("log,email,slack,alertmanager");
        assertThat(none.getProperty("recsys.alerts.alertmanager.url")).isNull();

        Properties set = properties(byKindAndName(
                        render(Map.of(
                                "alerts.alertmanager.url", "http://alertmanager.monitoring:9093",
                                "alerts.email.recipients.critical", "oncall@example.com",
                                "alerts.email.recipients.warning", "team@example.com")),
                        "ConfigMap")
                .get(PREFIX + "config")
                .at("/data/application.properties")
                .asText());
        assertThat(set.getProperty("recsys.alerts.alertmanager.url")).isEqualTo("http://alertmanager.monitoring:9093");
        assertThat(set.getProperty("recsys.alerts.email.recipients.critical")).isEqualTo("oncall@example.com");
        assertThat(set.getProperty("recsys.alerts.email.recipients.warning")).isEqualTo("team@example.com");
    }

    @Test
    void everyScheduleDefaultsToTheOneTimeZoneTheJavaCodeDeclares() throws IOException {
        // PipelineConfig.DEFAULT_TIME_ZONE is the one default; the chart and the services' generated
        // CronJobs must not drift from it (the in-process schedule once defaulted to UTC).
        String source =
                Files.readString(REPO.resolve("pipeline-core/src/main/java/io/recsys/core/config/PipelineConfig.java"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("DEFAULT_TIME_ZONE = \"([^\"]+)\"")
                .matcher(source);
        assertThat(m.find()).as("PipelineConfig declares DEFAULT_TIME_ZONE").isTrue();
        String zone = m.group(1);
        for (JsonNode cj : byKindAndName(render(Map.of()), "CronJob").values()) {
            assertThat(cj.at("/spec/timeZone").asText()).isEqualTo(zone);
        }
        for (String service : List.of("data-service", "embedding-service", "training-service", "deploy-service")) {
            Properties p =
                    properties(Files.readString(REPO.resolve(service + "/src/main/resources/application.properties")));
            assertThat(p.getProperty("quarkus.kubernetes.cron-job.time-zone"))
                    .as(service)
                    .isEqualTo(zone);
        }
    }

    @Test
    void theMonitorWatchesExactlyTheSchedulesTheCronJobsRunOn() throws IOException {
        List<JsonNode> docs = render(Map.of());
        Properties config = properties(byKindAndName(docs, "ConfigMap")
                .get(PREFIX + "config")
                .at("/data/application.properties")
                .asText());
        Properties monitorDefaults =
                properties(Files.readString(REPO.resolve("monitor-service/src/main/resources/application.properties")));
        for (String stage : SEED_SCHEDULES.keySet()) {
            String key = "monitor.schedules." + stage;
            // The service's own defaults (outside Kubernetes) and the chart agree; health checks watch the others.
            assertThat(config.getProperty(key)).as(key).isEqualTo(monitorDefaults.getProperty(key));
            if (!stage.equals("health-check")) {
                assertThat(config.getProperty(key)).isEqualTo(SEED_SCHEDULES.get(stage));
            }
        }
        assertThat(config.getProperty("monitor.health.expected-replicas")).isEqualTo("2");
    }

    @Test
    void aLongReleaseNameStillGivesCronJobNamesKubernetesAccepts() throws IOException {
        TemplateCommand template = new Helm(CHART)
                .template()
                .withName("a-rather-long-release-name-for-a-shop")
                .withKubeVersion("1.31.0");
        List<JsonNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(new StringReader(template.call()))) {
            yaml.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
        }
        Set<String> names = new HashSet<>();
        for (JsonNode d : docs) {
            if (d != null && d.path("kind").asText().equals("CronJob")) {
                String name = d.at("/metadata/name").asText();
                assertThat(name.length()).as(name).isLessThanOrEqualTo(52);
                names.add(name);
            }
        }
        assertThat(names).hasSize(SEED_SCHEDULES.size()); // still one distinct name per stage
    }

    @Test
    void overridesDisableAStageAndMoveASchedule() throws IOException {
        List<JsonNode> docs = render(Map.of(
                "stages.embeddings.enabled",
                "false",
                "stages.training.schedule",
                "30 1 * * 6",
                "persistence.existingClaim",
                "shared-recsys"));
        Map<String, JsonNode> cronJobs = byKindAndName(docs, "CronJob");
        assertThat(cronJobs).doesNotContainKey(PREFIX + "embeddings").hasSize(SEED_SCHEDULES.size() - 1);
        assertThat(cronJobs.get(PREFIX + "training").at("/spec/schedule").asText())
                .isEqualTo("30 1 * * 6");
        Properties config = properties(byKindAndName(docs, "ConfigMap")
                .get(PREFIX + "config")
                .at("/data/application.properties")
                .asText());
        assertThat(config.getProperty("monitor.schedules.training")).isEqualTo("30 1 * * 6");
        assertThat(config).doesNotContainKey("monitor.schedules.embeddings");
        assertThat(byKindAndName(docs, "PersistentVolumeClaim")).isEmpty();
        assertThat(cronJobs.get(PREFIX + "training")
                        .at("/spec/jobTemplate/spec/template/spec/volumes/0/persistentVolumeClaim/claimName")
                        .asText())
                .isEqualTo("shared-recsys");
    }

    @Test
    void servingRunsTheReplicasWithTheJvmOptionsTheBenchmarkMeasured() throws IOException {
        JsonNode serving = byKindAndName(render(Map.of()), "Deployment").get(PREFIX + "serving");
        assertThat(serving.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode container = serving.at("/spec/template/spec/containers/0");
        Map<String, String> env = new LinkedHashMap<>();
        container
                .get("env")
                .forEach(e -> env.put(e.get("name").asText(), e.path("value").asText(null)));
        Properties servingDefaults =
                properties(Files.readString(REPO.resolve("serving-service/src/main/resources/application.properties")));
        assertThat(env.get("JAVA_OPTS_APPEND"))
                .isEqualTo(servingDefaults.getProperty("quarkus.kubernetes.env.vars.java-opts-append"));
        assertThat(env.get("SERVING_ADVERTISED_URL")).isEqualTo("http://$(SERVING_POD_IP):8080");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    }

    @Test
    void secretsOnlyComeFromSecretsNeverAsPlainValues() throws IOException {
        List<JsonNode> docs =
                render(Map.of("alerts.email.existingSecret", "smtp", "alerts.slack.existingSecret", "slack"));
        int checked = 0;
        for (JsonNode d : docs) {
            for (JsonNode env : d.findValues("env")) {
                for (JsonNode e : env) {
                    String name = e.get("name").asText();
                    if (name.matches(".*(PASSWORD|TOKEN|USERNAME|WEBHOOK).*")) {
                        assertThat(e.has("value"))
                                .as(name + " in " + d.at("/metadata/name").asText())
                                .isFalse();
                        assertThat(e.at("/valueFrom/secretKeyRef/name").asText())
                                .isNotEmpty();
                        checked++;
                    }
                }
            }
        }
        assertThat(checked)
                .isGreaterThan((SEED_SCHEDULES.size() + 2) * 4); // the CronJobs + 2 Deployments, at least 4 each
        assertThat(docs).noneMatch(d -> d.get("kind").asText().equals("Secret"));
    }

    @Test
    void alertRulesAndTheDashboardUseOnlyMetricsTheServicesRegister() throws IOException {
        Set<String> registered = registeredMetrics();
        List<JsonNode> docs = render(Map.of());
        String rules = byKindAndName(docs, "PrometheusRule")
                .get("shop-recsys-pipeline")
                .toString();
        String dashboard =
                byKindAndName(docs, "ConfigMap").get(PREFIX + "dashboard").toString();
        Pattern metric = Pattern.compile("recsys_[a-z_]+");
        Set<String> used = new HashSet<>();
        for (String text : List.of(rules, dashboard)) {
            Matcher m = metric.matcher(text);
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).hasSizeGreaterThan(6);
        // The online metrics' panels, and the model loads that mark the production moves on them.
        assertThat(used)
                .contains(
                        "recsys_online_ctr",
                        "recsys_online_add_to_cart_rate",
                        "recsys_online_purchase_rate",
                        "recsys_online_catalogue_coverage",
                        "recsys_online_impressions",
                        "recsys_serving_model_loaded_timestamp_seconds");
        for (String name : used) {
            String base = name.replaceAll("_(bucket|count|sum|max|total)$", "");
            assertThat(registered)
                    .as("%s is not a metric the code registers (%s)", name, registered)
                    .contains(base);
        }
        // One overdue rule per stage, with its threshold.
        assertThat(rules).contains("recsys_ledger_last_success_timestamp_seconds{stage=\\\"embeddings\\\"}) > 691200");
    }

    /** Prometheus names of the constants in MetricNames: dots to underscores, timers in seconds. */
    private static Set<String> registeredMetrics() throws IOException {
        String source =
                Files.readString(REPO.resolve("pipeline-core/src/main/java/io/recsys/core/metrics/MetricNames.java"));
        Matcher m = Pattern.compile("String [A-Z_]+ = \"(recsys\\.[a-z.]+)\"").matcher(source);
        Set<String> names = new HashSet<>();
        while (m.find()) {
            String base = m.group(1).replace('.', '_');
            names.add(base);
            names.add(base + "_seconds"); // timers
        }
        return names;
    }
}
