package io.recsys.core.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.testing.ConfigProxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes launcher against fabric8's mock API server in CRUD mode (no cluster on these
 * machines): the Job it creates is what {@code kubectl create job --from=cronjob/...} makes, plus
 * the parent run's label and argument.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobLauncherTest {
    private static final String NAMESPACE = "recsys";

    KubernetesClient client;

    private KubernetesJobLauncher launcher;

    @BeforeEach
    void aCronJobPerStage() {
        client.batch().v1().cronjobs().inNamespace(NAMESPACE).delete();
        client.batch().v1().jobs().inNamespace(NAMESPACE).delete();
        client.batch()
                .v1()
                .cronjobs()
                .inNamespace(NAMESPACE)
                .resource(cronJob("recsys-training", "training", "run-once"))
                .create();
        client.batch()
                .v1()
                .cronjobs()
                .inNamespace(NAMESPACE)
                .resource(cronJob("recsys-health-check", "health-check", "run-once", "--stage", "health-check"))
                .create();
        launcher = new KubernetesJobLauncher(
                client,
                ConfigProxy.of(
                        PipelineConfig.Chain.Kubernetes.class,
                        Map.of(
                                "namespace", Optional.of(NAMESPACE),
                                "cronJobs",
                                        Map.of(
                                                "training", "recsys-training",
                                                "health-check", "recsys-health-check",
                                                "deployment", "recsys-deployment"),
                                "container", "stage")));
    }

    private static CronJob cronJob(String name, String stage, String... args) {
        return new CronJobBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("app.kubernetes.io/component", stage))
                .endMetadata()
                .withNewSpec()
                .withSchedule("0 3 * * 0")
                .withConcurrencyPolicy("Forbid")
                .withNewJobTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app.kubernetes.io/component", stage))
                .withAnnotations(Map.of("team", "ml-platform"))
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(2)
                .withActiveDeadlineSeconds(14_400L)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app.kubernetes.io/component", stage))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName("recsys-" + stage)
                .withContainers(
                        new ContainerBuilder()
                                .withName("stage")
                                .withImage("recsys/" + stage + ":1")
                                .withArgs(List.of(args))
                                .build(),
                        new ContainerBuilder()
                                .withName("sidecar")
                                .withImage("proxy:1")
                                .build())
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }

    private static ChainLink link(long id, String to, UUID parent) {
        return new ChainLink(
                id,
                parent,
                "drift-training",
                "drift-detection",
                ChainSignal.RETRAIN_ADVISED,
                to,
                LinkDecision.STARTED,
                null,
                null,
                "started",
                Instant.now());
    }

    @Test
    void theJobCarriesTheCronJobsTemplateTheParentLabelAndTheParentRunArgument() throws Exception {
        UUID parent = UUID.randomUUID();
        String name = launcher.launch(link(42, "training", parent));

        assertThat(name).isEqualTo("recsys-training-chain-42");
        Job job =
                client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
        assertThat(job).as("created through the API").isNotNull();
        CronJob cronJob = client.batch()
                .v1()
                .cronjobs()
                .inNamespace(NAMESPACE)
                .withName("recsys-training")
                .get();
        // what kubectl create job --from=cronjob/recsys-training makes
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry("cronjob.kubernetes.io/instantiate", "manual")
                .containsEntry("team", "ml-platform")
                .containsEntry(KubernetesJobLauncher.LINK_ANNOTATION, "42");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("CronJob");
            assertThat(o.getName()).isEqualTo("recsys-training");
            assertThat(o.getUid()).isEqualTo(cronJob.getMetadata().getUid());
            assertThat(o.getController()).isTrue();
        });
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(14_400L);
        assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("recsys-training");
        // the chain's own marks
        assertThat(job.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "training")
                .containsEntry(KubernetesJobLauncher.PARENT_RUN_LABEL, parent.toString())
                .containsEntry(KubernetesJobLauncher.EDGE_LABEL, "drift-training");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(KubernetesJobLauncher.PARENT_RUN_LABEL, parent.toString());
        assertThat(job.getSpec().getTemplate().getSpec().getContainers())
                .filteredOn(c -> c.getName().equals("stage"))
                .singleElement()
                .satisfies(c -> assertThat(c.getArgs()).containsExactly("run-once", "--parent-run", parent.toString()));
        assertThat(job.getSpec().getTemplate().getSpec().getContainers())
                .filteredOn(c -> c.getName().equals("sidecar"))
                .singleElement()
                .satisfies(c -> assertThat(c.getArgs()).isNullOrEmpty());
        // the CronJob itself is left as it was
        assertThat(cronJob.getSpec()
                        .getJobTemplate()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getArgs())
                .containsExactly("run-once");
        // found by the parent run, as an operator would
        assertThat(client.batch()
                        .v1()
                        .jobs()
                        .inNamespace(NAMESPACE)
                        .withLabel(KubernetesJobLauncher.PARENT_RUN_LABEL, parent.toString())
                        .list()
                        .getItems())
                .extracting(j -> j.getMetadata().getName())
                .containsExactly(name);
    }

    @Test
    void aStageWithArgumentsKeepsThemBeforeTheParentRun() throws Exception {
        UUID parent = UUID.randomUUID();
        String name = launcher.launch(link(7, "health-check", parent));
        Job job =
                client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("run-once", "--stage", "health-check", "--parent-run", parent.toString());
    }

    @Test
    void aMissingCronJobOrStageMappingIsAClearLaunchFailure() {
        assertThatThrownBy(() -> launcher.launch(link(1, "deployment", UUID.randomUUID())))
                .isInstanceOf(ChainLaunchException.class)
                .hasMessage("no CronJob recsys-deployment in namespace recsys");
        assertThatThrownBy(() -> launcher.launch(link(2, "cleanup", UUID.randomUUID())))
                .isInstanceOf(ChainLaunchException.class)
                .hasMessageContaining("recsys.chain.kubernetes.cron-jobs.cleanup");
        assertThat(client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems())
                .isEmpty();
    }

    @Test
    void aStageWithoutACronJobHereIsNotOneTheLauncherRuns() {
        assertThat(launcher.runs("training")).isTrue();
        assertThat(launcher.runs("cleanup"))
                .as("switched off in the chart: no mapping")
                .isFalse();
    }

    @Test
    void jobNamesStayWithinSixtyThreeCharacters() {
        String longName = "a".repeat(52);
        assertThat(KubernetesJobLauncher.jobName(longName, 123_456_789L))
                .hasSizeLessThanOrEqualTo(63)
                .endsWith("-chain-123456789");
        assertThat(KubernetesJobLauncher.jobName("recsys-training", 5)).isEqualTo("recsys-training-chain-5");
    }
}
