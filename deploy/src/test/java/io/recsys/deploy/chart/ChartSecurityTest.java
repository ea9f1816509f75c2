package io.recsys.deploy.chart;

import static io.recsys.deploy.chart.RenderedChart.PREFIX;
import static io.recsys.deploy.chart.RenderedChart.byKindAndName;
import static io.recsys.deploy.chart.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What a platform engineer expects of the chart besides its jobs: every pod under the restricted
 * Pod Security Standard with a writable /tmp only, the heap a share of the memory limit, serving
 * kept up through drains (PodDisruptionBudget) and optionally autoscaled, ingress limited by
 * NetworkPolicies, and values checked by values.schema.json so a typo fails the install.
 */
class ChartSecurityTest {

    /** Every pod template the chart renders, by the name of the object that owns it. */
    private static Map<String, JsonNode> pods(List<JsonNode> docs) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        byKindAndName(docs, "CronJob").forEach((n, d) -> out.put(n, d.at("/spec/jobTemplate/spec/template/spec")));
        byKindAndName(docs, "Deployment").forEach((n, d) -> out.put(n, d.at("/spec/template/spec")));
        byKindAndName(docs, "Job").forEach((n, d) -> out.put(n, d.at("/spec/template/spec")));
        return out;
    }

    @Test
    void everyPodRunsRestrictedAsAFixedNonRootUserWithOnlyTmpWritableBesidesTheVolume() throws IOException {
        Map<String, JsonNode> pods = pods(RenderedChart.renderWithHooks(Map.of()));
        assertThat(pods).hasSize(12); // nine CronJobs, serving, monitor, the migration hook
        for (Map.Entry<String, JsonNode> e : pods.entrySet()) {
            JsonNode pod = e.getValue();
            String name = e.getKey();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean())
                    .as(name)
                    .isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).as(name).isEqualTo(1001);
            assertThat(pod.at("/securityContext/runAsGroup").asInt()).as(name).isEqualTo(1001);
            assertThat(pod.at("/securityContext/fsGroup").asInt()).as(name).isEqualTo(1001);
            assertThat(pod.at("/securityContext/seccompProfile/type").asText())
                    .as(name)
                    .isEqualTo("RuntimeDefault");
            JsonNode tmp = null;
            for (JsonNode v : pod.get("volumes")) {
                if (v.get("name").asText().equals("tmp")) {
                    tmp = v;
                }
            }
            assertThat(tmp).as(name + ": a tmp volume").isNotNull();
            assertThat(tmp.has("emptyDir")).as(name).isTrue();
            for (JsonNode c : pod.get("containers")) {
                JsonNode sc = c.get("securityContext");
                assertThat(sc.at("/allowPrivilegeEscalation").asBoolean(true))
                        .as(name)
                        .isFalse();
                assertThat(sc.at("/readOnlyRootFilesystem").asBoolean())
                        .as(name)
                        .isTrue();
                assertThat(sc.at("/capabilities/drop").toString()).as(name).isEqualTo("[\"ALL\"]");
                assertThat(sc.has("privileged")).as(name).isFalse();
                List<String> mounts = new ArrayList<>();
                c.get("volumeMounts").forEach(m -> mounts.add(m.get("mountPath").asText()));
                assertThat(mounts).as(name).contains("/tmp");
                if (!name.endsWith("-migrate")) { // the hook runs before the volume exists
                    assertThat(mounts).as(name).contains("/var/lib/recsys");
                }
            }
        }
        // a different user for a cluster's own policy
        JsonNode serving =
                pods(render(Map.of("securityContext.runAsUser", "4242"))).get(PREFIX + "serving");
        assertThat(serving.at("/securityContext/runAsUser").asInt()).isEqualTo(4242);
    }

    @Test
    void theHeapIsAShareOfTheMemoryLimitNeverAFixedXmx() throws IOException {
        for (Map.Entry<String, JsonNode> e : pods(render(Map.of())).entrySet()) {
            for (JsonNode c : e.getValue().get("containers")) {
                String opts = null;
                for (JsonNode env : c.get("env")) {
                    if (env.get("name").asText().equals("JAVA_OPTS_APPEND")) {
                        opts = env.get("value").asText();
                    }
                }
                assertThat(opts)
                        .as(e.getKey())
                        .contains("-XX:MaxRAMPercentage=")
                        .doesNotContain("-Xmx");
                assertThat(c.at("/resources/limits/memory").asText())
                        .as(e.getKey())
                        .isNotEmpty();
            }
        }
        assertThatThrownBy(() -> render(Map.of("serving.javaOpts", "-Xmx8g"))).hasMessageContaining("javaOpts");
    }

    @Test
    void servingKeepsAReplicaThroughDrainsAndCanAutoscale() throws IOException {
        List<JsonNode> docs = render(Map.of());
        JsonNode pdb = byKindAndName(docs, "PodDisruptionBudget").get(PREFIX + "serving");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1component")
                        .asText())
                .isEqualTo("serving");
        assertThat(byKindAndName(docs, "HorizontalPodAutoscaler")).isEmpty();
        assertThat(byKindAndName(docs, "Deployment")
                        .get(PREFIX + "serving")
                        .at("/spec/replicas")
                        .asInt())
                .isEqualTo(2);

        List<JsonNode> scaled = render(Map.of("serving.autoscaling.enabled", "true"));
        JsonNode hpa = byKindAndName(scaled, "HorizontalPodAutoscaler").get(PREFIX + "serving");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(PREFIX + "serving");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(6);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt())
                .isEqualTo(70);
        assertThat(byKindAndName(scaled, "Deployment").get(PREFIX + "serving").has("replicas"))
                .isFalse();
        assertThat(byKindAndName(scaled, "Deployment")
                        .get(PREFIX + "serving")
                        .at("/spec")
                        .has("replicas"))
                .as("the HPA owns the count")
                .isFalse();
    }

    @Test
    void ingressIsLimitedToClientsAndThePipelineAndTheStagePodsAcceptNone() throws IOException {
        List<JsonNode> docs = render(Map.of());
        Map<String, JsonNode> policies = byKindAndName(docs, "NetworkPolicy");
        assertThat(policies.keySet())
                .containsExactlyInAnyOrder(PREFIX + "serving", PREFIX + "monitor", PREFIX + "stages");
        JsonNode serving = policies.get(PREFIX + "serving");
        assertThat(serving.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
        assertThat(serving.at("/spec/ingress/0").has("from"))
                .as("no clients named: any")
                .isFalse();
        JsonNode stages = policies.get(PREFIX + "stages");
        assertThat(stages.at("/spec/policyTypes").toString()).isEqualTo("[\"Ingress\"]");
        assertThat(stages.at("/spec").has("ingress"))
                .as("no rule: nothing gets in")
                .isFalse();
        assertThat(stages.at("/spec/podSelector/matchExpressions/1/values").toString())
                .isEqualTo("[\"serving\",\"monitor\"]");

        // clients named: they and this release's pods only
        List<JsonNode> limited =
                render(Map.of("networkPolicy.servingClients[0].namespaceSelector.matchLabels.team", "storefront"));
        JsonNode from =
                byKindAndName(limited, "NetworkPolicy").get(PREFIX + "serving").at("/spec/ingress/0/from");
        assertThat(from).hasSize(2);
        assertThat(from.get(0)
                        .at("/podSelector/matchLabels/app.kubernetes.io~1instance")
                        .asText())
                .isEqualTo(RenderedChart.RELEASE);
        assertThat(from.get(1).at("/namespaceSelector/matchLabels/team").asText())
                .isEqualTo("storefront");
        assertThat(byKindAndName(render(Map.of("networkPolicy.enabled", "false")), "NetworkPolicy"))
                .isEmpty();
    }

    @Test
    void aValueTheChartDoesNotKnowOrOfTheWrongTypeFailsWithItsKey() {
        assertThatThrownBy(() -> render(Map.of("stages.training.schedul", "0 3 * * 0")))
                .hasMessageContaining("schedul");
        assertThatThrownBy(() -> render(Map.of("chain.edges.drift-trainig.enabled", "false")))
                .hasMessageContaining("drift-trainig");
        assertThatThrownBy(() -> render(Map.of("serving.replicas", "two"))).hasMessageContaining("replicas");
        assertThatThrownBy(() -> render(Map.of("servng.replicas", "3"))).hasMessageContaining("servng");
    }

    @Test
    void theSchemaKnowsExactlyTheChartsStagesAndTheCodesEdges() throws IOException {
        JsonNode schema =
                new ObjectMapper().readTree(Files.readString(RenderedChart.CHART.resolve("values.schema.json")));
        Set<String> stages = new TreeSet<>();
        schema.at("/properties/stages/propertyNames/enum").forEach(s -> stages.add(s.asText()));
        Set<String> valuesStages = new TreeSet<>();
        new ObjectMapper(new YAMLFactory())
                .readTree(Files.readString(RenderedChart.CHART.resolve("values.yaml")))
                .get("stages")
                .fieldNames()
                .forEachRemaining(valuesStages::add);
        assertThat(stages).isEqualTo(valuesStages);

        Set<String> edges = new TreeSet<>();
        schema.at("/properties/chain/properties/edges/propertyNames/enum").forEach(s -> edges.add(s.asText()));
        Set<String> codeEdges = RenderedChart.codeEdges().keySet();
        assertThat(edges).isEqualTo(codeEdges);
    }

    @Test
    void theSchemaIsMigratedOncePerInstallAndUpgradeByAHookNotByEveryPod() throws IOException {
        // a hook: Helm keeps it out of the release manifest and runs it before install and upgrade
        assertThat(byKindAndName(render(Map.of()), "Job")).isEmpty();
        String template = Files.readString(RenderedChart.CHART.resolve("templates/migrate-job.yaml"));
        assertThat(template)
                .contains("helm.sh/hook: pre-install,pre-upgrade")
                .contains("helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded");
        List<JsonNode> docs = RenderedChart.renderWithHooks(Map.of());
        JsonNode job = byKindAndName(docs, "Job").get(PREFIX + "migrate");
        JsonNode container = job.at("/spec/template/spec/containers/0");
        assertThat(container.at("/args").toString()).isEqualTo("[\"migrate\"]");
        assertThat(container.at("/image").asText()).isEqualTo("ghcr.io/recsys/monitor-service:0.1.0");
        Map<String, JsonNode> env = new LinkedHashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        assertThat(env.get("QUARKUS_DATASOURCE_PASSWORD")
                        .at("/valueFrom/secretKeyRef/key")
                        .asText())
                .isEqualTo("password");
        assertThat(env).doesNotContainKey("QUARKUS_FLYWAY_MIGRATE_AT_START");
        // it needs nothing the release creates: no ConfigMap, no volume claim
        assertThat(job.at("/spec/template/spec/volumes").toString())
                .doesNotContain("configMap", "persistentVolumeClaim");
        // every other pod leaves the schema to it
        for (Map.Entry<String, JsonNode> e : pods(docs).entrySet()) {
            if (e.getKey().endsWith("-migrate")) {
                continue;
            }
            String migrate = null;
            for (JsonNode v : e.getValue().at("/containers/0/env")) {
                if (v.get("name").asText().equals("QUARKUS_FLYWAY_MIGRATE_AT_START")) {
                    migrate = v.get("value").asText();
                }
            }
            assertThat(migrate).as(e.getKey()).isEqualTo("false");
        }
        // without the hook (kubectl apply -k has none) the pods migrate at start
        List<JsonNode> noHook = RenderedChart.renderWithHooks(Map.of("database.migrateWithHook", "false"));
        assertThat(byKindAndName(noHook, "Job")).isEmpty();
        assertThat(noHook.toString()).doesNotContain("QUARKUS_FLYWAY_MIGRATE_AT_START");
    }
}
