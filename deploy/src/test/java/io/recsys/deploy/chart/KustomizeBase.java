package io.recsys.deploy.chart;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kustomize base for {@code kubectl apply -k} users, rendered from the chart with its defaults
 * (release {@code recsys}; no Prometheus Operator resources, which need its CRDs). Regenerate with
 * {@code deploy/render-k8s.sh} after changing the chart; {@code KustomizeBaseTest} fails until then.
 */
public final class KustomizeBase {
    static final Path FILE = Path.of("../k8s/base/recsys-pipeline.yaml");

    private KustomizeBase() {}

    static String render() {
        String manifests = new Helm(Path.of("helm/recsys-pipeline"))
                .template()
                .withName("recsys")
                .withKubeVersion("1.31.0")
                .set("metrics.podMonitor.enabled", "false")
                .set("metrics.prometheusRules.enabled", "false")
                // kubectl has no hooks: the pods migrate the schema at start (Flyway's lock serialises them)
                .set("database.migrateWithHook", "false")
                .call();
        return "# Rendered from deploy/helm/recsys-pipeline (release \"recsys\", defaults, no Prometheus Operator\n"
                + "# resources, no migration hook: the pods migrate at start) by deploy/render-k8s.sh. Do not edit:\n"
                + "# change the chart and render again.\n"
                + manifests.strip() + "\n";
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(FILE.getParent());
        Files.writeString(FILE, render());
        System.out.println("wrote " + FILE.toAbsolutePath().normalize());
    }
}
