package io.recsys.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed kustomize base is what the chart renders today, and kustomize lists it. */
class KustomizeBaseTest {

    @Test
    void theCommittedBaseIsTheChartsCurrentRendering() throws Exception {
        assertThat(Files.readString(KustomizeBase.FILE))
                .as("k8s/base is stale: run deploy/render-k8s.sh and commit the result")
                .isEqualTo(KustomizeBase.render());
    }

    @Test
    void theKustomizationNamesTheRenderedFile() throws Exception {
        String kustomization = Files.readString(Path.of("../k8s/base/kustomization.yaml"));
        assertThat(kustomization).contains("- recsys-pipeline.yaml");
        assertThat(Files.readString(KustomizeBase.FILE))
                .contains("kind: CronJob")
                .doesNotContain("PrometheusRule");
    }
}
