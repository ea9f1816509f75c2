package io.recsys.deploy.chart;

import static io.recsys.deploy.chart.RenderedChart.PREFIX;
import static io.recsys.deploy.chart.RenderedChart.byKindAndName;
import static io.recsys.deploy.chart.RenderedChart.config;
import static io.recsys.deploy.chart.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The chart's side of the chain and of the catch-up policy: the Role grants only get cronjobs and
 * create jobs, to the stages whose outcome starts another (their own ServiceAccounts, tokens mounted
 * only there), the services are told to launch through Kubernetes with each stage's CronJob by name,
 * and each CronJob's startingDeadlineSeconds says its catch-up policy.
 */
class ChainChartTest {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** The stages an edge that is on leaves, read from pipeline-core's edge table. */
    private static Set<String> stagesThatChain() throws IOException {
        Set<String> out = new TreeSet<>();
        RenderedChart.codeEdges().values().stream()
                .filter(e -> !"false".equals(e.get("enabled")))
                .forEach(e -> out.add(e.get("from")));
        return out;
    }

    @Test
    void theChainsRoleGrantsGetCronJobsAndCreateJobsToTheStagesThatChainAndTheMonitor() throws IOException {
        List<JsonNode> docs = render(Map.of());
        JsonNode role = byKindAndName(docs, "Role").get(PREFIX + "chain");
        assertThat(role.at("/rules").toString())
                .isEqualTo("[{\"apiGroups\":[\"batch\"],\"resources\":[\"cronjobs\"],\"verbs\":[\"get\"]},"
                        + "{\"apiGroups\":[\"batch\"],\"resources\":[\"jobs\"],\"verbs\":[\"create\"]}]");
        Set<String> chaining = stagesThatChain();
        assertThat(chaining)
                .containsExactlyInAnyOrder(
                        "data-refresh", "drift-detection", "online-metrics", "training", "deployment");
        JsonNode binding = byKindAndName(docs, "RoleBinding").get(PREFIX + "chain");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(PREFIX + "chain");
        Set<String> subjects = new TreeSet<>();
        binding.at("/subjects").forEach(s -> subjects.add(s.at("/name").asText()));
        Set<String> expected = new TreeSet<>();
        chaining.forEach(s -> expected.add(PREFIX + s));
        expected.add(PREFIX + "monitor");
        assertThat(subjects).isEqualTo(expected);
        assertThat(byKindAndName(docs, "ServiceAccount").keySet()).containsExactlyInAnyOrderElementsOf(expected);

        for (Map.Entry<String, JsonNode> cj : byKindAndName(docs, "CronJob").entrySet()) {
            String stage = cj.getKey().substring(PREFIX.length());
            JsonNode pod = cj.getValue().at("/spec/jobTemplate/spec/template/spec");
            if (chaining.contains(stage)) {
                assertThat(pod.at("/serviceAccountName").asText()).as(stage).isEqualTo(cj.getKey());
                assertThat(pod.at("/automountServiceAccountToken").asBoolean())
                        .as(stage)
                        .isTrue();
            } else {
                assertThat(pod.has("serviceAccountName")).as(stage).isFalse();
                assertThat(pod.at("/automountServiceAccountToken").asBoolean(true))
                        .as(stage)
                        .isFalse();
            }
        }
        JsonNode serving = byKindAndName(docs, "Deployment").get(PREFIX + "serving");
        assertThat(serving.at("/spec/template/spec/automountServiceAccountToken")
                        .asBoolean(true))
                .isFalse();
        JsonNode monitor = byKindAndName(docs, "Deployment").get(PREFIX + "monitor");
        assertThat(monitor.at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(PREFIX + "monitor");
    }

    @Test
    void theServicesLaunchThroughKubernetesWithEachStagesCronJobByName() throws IOException {
        List<JsonNode> docs = render(
                Map.of("chain.edges.drift-training.enabled", "false", "chain.edges.online-training.coolDown", "48h"));
        Properties config = config(docs);
        assertThat(config.getProperty("recsys.chain.launcher")).isEqualTo("kubernetes");
        assertThat(config.getProperty("recsys.chain.max-depth")).isEqualTo("8");
        // no namespace named: the pod's own (its service account's)
        assertThat(config.getProperty("recsys.chain.kubernetes.namespace")).isNull();
        for (String cronJob : byKindAndName(docs, "CronJob").keySet()) {
            String stage = cronJob.substring(PREFIX.length());
            assertThat(config.getProperty("recsys.chain.kubernetes.cron-jobs." + stage))
                    .isEqualTo(cronJob);
        }
        assertThat(config.getProperty("recsys.chain.edges.drift-training.enabled"))
                .isEqualTo("false");
        assertThat(config.getProperty("recsys.chain.edges.online-training.cool-down"))
                .isEqualTo("48h");
    }

    @Test
    void withTheChainOffNothingMayTalkToTheKubernetesApi() throws IOException {
        List<JsonNode> docs = render(Map.of("chain.enabled", "false"));
        assertThat(config(docs).getProperty("recsys.chain.launcher")).isEqualTo("none");
        assertThat(byKindAndName(docs, "Role")).isEmpty();
        assertThat(byKindAndName(docs, "ServiceAccount")).isEmpty();
        for (JsonNode cj : byKindAndName(docs, "CronJob").values()) {
            assertThat(cj.at("/spec/jobTemplate/spec/template/spec/automountServiceAccountToken")
                            .asBoolean(true))
                    .isFalse();
        }
    }

    @Test
    void eachCronJobsStartingDeadlineIsItsCatchUpPolicy() throws IOException {
        Map<String, JsonNode> cronJobs = byKindAndName(render(Map.of()), "CronJob");
        ZonedDateTime from = ZonedDateTime.of(2026, 3, 2, 0, 0, 0, 0, ZoneId.of("Asia/Ho_Chi_Minh"));
        for (Map.Entry<String, JsonNode> e : cronJobs.entrySet()) {
            String stage = e.getKey().substring(PREFIX.length());
            long deadline = e.getValue().at("/spec/startingDeadlineSeconds").asLong();
            if (stage.equals("online-metrics") || stage.equals("canary")) {
                // skip: the next hourly run recomputes / judges; only a late controller's slack
                assertThat(deadline).as(stage).isEqualTo(300);
                continue;
            }
            // run-once: a run missed within one period of its schedule starts once when the controller is back
            ExecutionTime schedule = ExecutionTime.forCron(
                    UNIX.parse(e.getValue().at("/spec/schedule").asText()));
            ZonedDateTime next = schedule.nextExecution(from).orElseThrow();
            ZonedDateTime after = schedule.nextExecution(next).orElseThrow();
            long period = Duration.between(next, after).toSeconds();
            if (stage.equals("cleanup")) {
                period = Duration.ofDays(31).toSeconds(); // monthly: the longest month
            }
            assertThat(deadline).as(stage).isEqualTo(period);
        }
    }

    @Test
    void anUnknownCatchUpPolicyIsRefused() {
        assertThatThrownBy(() -> render(Map.of("stages.training.catchUp", "always")))
                .hasMessageContaining("catchUp");
    }
}
