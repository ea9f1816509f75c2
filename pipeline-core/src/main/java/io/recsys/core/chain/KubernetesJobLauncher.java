package io.recsys.core.chain;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.recsys.core.config.PipelineConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates a Job from the downstream stage's CronJob, as {@code kubectl create job --from=cronjob/NAME}
 * does (the template's spec, labels and annotations, the {@code cronjob.kubernetes.io/instantiate:
 * manual} annotation, the CronJob as controlling owner), labelled with the parent run and the edge,
 * its stage container given {@code --parent-run RUN}. Needs only {@code get} on cronjobs and
 * {@code create} on jobs in its namespace (the chart's Role).
 */
public final class KubernetesJobLauncher implements ChainLauncher {
    public static final String PARENT_RUN_LABEL = "recsys.io/parent-run";
    public static final String EDGE_LABEL = "recsys.io/chain-edge";
    public static final String LINK_ANNOTATION = "recsys.io/chain-link";

    private final KubernetesClient client;
    private final PipelineConfig.Chain.Kubernetes settings;

    public KubernetesJobLauncher(KubernetesClient client, PipelineConfig.Chain.Kubernetes settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public boolean runs(String stage) {
        return settings.cronJobs().containsKey(stage);
    }

    @Override
    public String launch(ChainLink link) throws ChainLaunchException {
        String cronJobName = settings.cronJobs().get(link.toStage());
        if (cronJobName == null) {
            throw new ChainLaunchException("no CronJob named for stage " + link.toStage()
                    + " (recsys.chain.kubernetes.cron-jobs." + link.toStage() + ")");
        }
        String namespace = settings.namespace().orElseGet(client::getNamespace);
        CronJob cronJob = client.batch()
                .v1()
                .cronjobs()
                .inNamespace(namespace)
                .withName(cronJobName)
                .get();
        if (cronJob == null) {
            throw new ChainLaunchException("no CronJob " + cronJobName + " in namespace " + namespace);
        }
        Job job = jobFrom(cronJob, link);
        client.batch().v1().jobs().inNamespace(namespace).resource(job).create();
        return job.getMetadata().getName();
    }

    /** The Job {@code kubectl create job --from} would make, plus the chain's labels and arguments. */
    Job jobFrom(CronJob cronJob, ChainLink link) throws ChainLaunchException {
        var template = cronJob.getSpec().getJobTemplate();
        JobSpec spec = new JobSpecBuilder(template.getSpec()).build(); // a copy: the CronJob's stays as read
        List<Container> containers = spec.getTemplate().getSpec().getContainers();
        Container stage = containers.stream()
                .filter(c -> c.getName().equals(settings.container()))
                .findFirst()
                .orElse(containers.size() == 1 ? containers.get(0) : null);
        if (stage == null) {
            throw new ChainLaunchException("CronJob " + cronJob.getMetadata().getName() + " has no container named "
                    + settings.container() + " (recsys.chain.kubernetes.container)");
        }
        List<String> args = new ArrayList<>(stage.getArgs() == null ? List.of() : stage.getArgs());
        args.add("--parent-run");
        args.add(link.parentRunId().toString());
        stage.setArgs(args);
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(PARENT_RUN_LABEL, link.parentRunId().toString());
        labels.put(EDGE_LABEL, link.edge());
        // the pod too: `kubectl get pods -l recsys.io/parent-run=...` finds the chained run's pod
        if (spec.getTemplate().getMetadata() == null) {
            spec.getTemplate().setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        Map<String, String> podLabels = new LinkedHashMap<>();
        if (spec.getTemplate().getMetadata().getLabels() != null) {
            podLabels.putAll(spec.getTemplate().getMetadata().getLabels());
        }
        podLabels.put(PARENT_RUN_LABEL, link.parentRunId().toString());
        spec.getTemplate().getMetadata().setLabels(podLabels);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
        }
        annotations.put("cronjob.kubernetes.io/instantiate", "manual");
        annotations.put(LINK_ANNOTATION, Long.toString(link.id()));
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(cronJob.getMetadata().getName(), link.id()))
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion("batch/v1")
                        .withKind("CronJob")
                        .withName(cronJob.getMetadata().getName())
                        .withUid(cronJob.getMetadata().getUid())
                        .withController(true)
                        .build())
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    /** {@code <cronjob>-chain-<link>}, within the 63 characters a Job's name may have (its pods' label). */
    static String jobName(String cronJob, long linkId) {
        String suffix = "-chain-" + linkId;
        String base = cronJob.length() + suffix.length() > 63 ? cronJob.substring(0, 63 - suffix.length()) : cronJob;
        return (base.endsWith("-") ? base.substring(0, base.length() - 1) : base) + suffix;
    }
}
