package io.recsys.deploy.chart;

import static io.recsys.deploy.chart.RenderedChart.PREFIX;
import static io.recsys.deploy.chart.RenderedChart.byKindAndName;
import static io.recsys.deploy.chart.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code helm upgrade} from the previous chart version (0.1.0, kept under
 * {@code src/test/resources/previous-chart}, as released before the chain and the pod security)
 * to this one, both rendered with their defaults: what an upgrade would change. The volume claim
 * and its data stay (same name and spec, kept on uninstall), the database is the same one with the
 * same credentials (so the registry and the run ledger carry over), no object goes away, and
 * nothing immutable changes (Deployment and Service selectors) — so the upgrade applies in place.
 */
class ChartUpgradeTest {
    private static final Path PREVIOUS = Path.of("src/test/resources/previous-chart/recsys-pipeline");

    private static Set<String> kindsAndNames(List<JsonNode> docs) {
        Set<String> out = new TreeSet<>();
        docs.forEach(d ->
                out.add(d.get("kind").asText() + "/" + d.at("/metadata/name").asText()));
        return out;
    }

    @Test
    void anUpgradeFromThePreviousVersionKeepsTheVolumeTheDatabaseAndEveryObjectAndChangesNothingImmutable()
            throws IOException {
        List<JsonNode> before = render(PREVIOUS, Map.of());
        List<JsonNode> after = render(Map.of());

        Set<String> removed = new TreeSet<>(kindsAndNames(before));
        removed.removeAll(kindsAndNames(after));
        assertThat(removed).as("nothing the previous version made goes away").isEmpty();
        Set<String> added = new TreeSet<>(kindsAndNames(after));
        added.removeAll(kindsAndNames(before));
        Set<String> addedKinds = new TreeSet<>();
        added.forEach(a -> addedKinds.add(a.substring(0, a.indexOf('/'))));
        assertThat(addedKinds)
                .as("what 0.2.0 adds: " + added)
                .containsExactlyInAnyOrder(
                        "NetworkPolicy", "PodDisruptionBudget", "Role", "RoleBinding", "ServiceAccount");

        // the data stays: the same claim, the same request, kept when the release goes
        JsonNode oldClaim = byKindAndName(before, "PersistentVolumeClaim").get(PREFIX + "home");
        JsonNode newClaim = byKindAndName(after, "PersistentVolumeClaim").get(PREFIX + "home");
        assertThat(oldClaim).as("the previous claim").isNotNull();
        assertThat(newClaim.get("spec")).isEqualTo(oldClaim.get("spec"));
        assertThat(newClaim.at("/metadata/annotations/helm.sh~1resource-policy").asText())
                .isEqualTo("keep");

        // immutable fields: an upgrade that changed them would fail or recreate the objects
        for (String kind : List.of("Deployment", "Service")) {
            Map<String, JsonNode> old = byKindAndName(before, kind);
            Map<String, JsonNode> now = byKindAndName(after, kind);
            old.forEach((name, o) -> assertThat(now.get(name).at("/spec/selector"))
                    .as(kind + " " + name)
                    .isEqualTo(o.at("/spec/selector")));
        }
        // the same database and credentials: the registry, the aliases and the run ledger carry over
        for (String name : byKindAndName(before, "Deployment").keySet()) {
            assertThat(database(byKindAndName(after, "Deployment").get(name)))
                    .as(name)
                    .isEqualTo(database(byKindAndName(before, "Deployment").get(name)));
        }
        // every stage keeps its CronJob (and with it its Jobs' history) under the same name and schedule
        Map<String, JsonNode> oldCron = byKindAndName(before, "CronJob");
        Map<String, JsonNode> newCron = byKindAndName(after, "CronJob");
        oldCron.forEach((name, o) ->
                assertThat(newCron.get(name).at("/spec/schedule")).as(name).isEqualTo(o.at("/spec/schedule")));
    }

    /** The database settings of a Deployment's first container: URL and the Secret keys. */
    private static String database(JsonNode deployment) {
        StringBuilder out = new StringBuilder();
        for (JsonNode e : deployment.at("/spec/template/spec/containers/0/env")) {
            if (e.get("name").asText().startsWith("QUARKUS_DATASOURCE_")) {
                out.append(e).append('\n');
            }
        }
        return out.toString();
    }
}
