package io.recsys.core.chain;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.lease.Lease;
import io.recsys.core.lease.LeaseService;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Trigger;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What a finished run starts: for each edge of the table that is on and fires on the run's outcome,
 * a link in {@code chain_links} with its decision, and the downstream run asked for when the decision
 * is STARTED. Only a run that succeeded chains (a skip means nothing changed, a failure stops the
 * chain and alerts as any run does, a dry run changes nothing). The guard rails, in order: the stage
 * ran earlier in this chain (LOOP), the chain is {@code max-depth} runs long (TOO_DEEP), the edge
 * started a run less than its cool-down ago (COOLING_DOWN), the stage is not deployed here
 * (STAGE_OFF), the stage is running now (ABSORBED: that run's lease decides, as the CronJob's would,
 * and the schedule catches whatever it missed). A started run that meets the lease after all is
 * absorbed the same way ({@code StageRunner}).
 */
@ApplicationScoped
public class ChainReaction {
    private static final Logger LOG = Logger.getLogger(ChainReaction.class);

    private final PipelineConfig.Chain config;
    private final ChainEdges edges;
    private final ChainLinks links;
    private final LeaseService leases;
    private final AlertService alerts;
    private ChainLauncher launcher;
    private KubernetesClient kubernetes;

    public ChainReaction(
            PipelineConfig config, ChainEdges edges, ChainLinks links, LeaseService leases, AlertService alerts) {
        this.config = config.chain();
        this.edges = edges;
        this.links = links;
        this.leases = leases;
        this.alerts = alerts;
    }

    /** Whether runs chain at all here ({@code recsys.chain.launcher} is not {@code none}). */
    public boolean active() {
        return config.launcher() != LauncherKind.NONE;
    }

    /**
     * The links a finished run makes; none when chaining is off, the run did not succeed, or the
     * launcher is the local one and the run was not a {@code run-once} process.
     */
    public List<ChainLink> follow(UUID runId, String stage, Trigger trigger, RunStatus status, Set<ChainSignal> signals)
            throws Exception {
        if (!active() || status != RunStatus.SUCCEEDED) {
            return List.of();
        }
        if (config.launcher() == LauncherKind.LOCAL && trigger != Trigger.CLI) {
            // only pipeline-local reads what run-once prints; a run over HTTP or by a service's own
            // schedule would leave links nobody starts (and that still count for the cool-down)
            return List.of();
        }
        List<ChainEdge> firing = edges.firing(stage, signals);
        if (firing.isEmpty()) {
            return List.of();
        }
        List<String> lineage = links.lineage(runId);
        List<ChainLink> out = new ArrayList<>();
        for (ChainEdge edge : firing) {
            out.add(decide(runId, edge, lineage));
        }
        return out;
    }

    private ChainLink decide(UUID runId, ChainEdge edge, List<String> lineage) throws Exception {
        if (lineage.contains(edge.to())) {
            return links.record(
                    runId,
                    edge,
                    LinkDecision.LOOP,
                    null,
                    edge.to() + " already ran in this chain (" + String.join(" <- ", lineage) + ")");
        }
        if (lineage.size() >= config.maxDepth()) {
            return links.record(
                    runId,
                    edge,
                    LinkDecision.TOO_DEEP,
                    null,
                    "the chain is " + lineage.size() + " runs long (recsys.chain.max-depth=" + config.maxDepth() + ")");
        }
        if (!edge.coolDown().isZero()) {
            Optional<Instant> last = links.startedWithin(edge.name(), edge.coolDown());
            if (last.isPresent()) {
                return links.record(
                        runId,
                        edge,
                        LinkDecision.COOLING_DOWN,
                        null,
                        "this edge started " + edge.to() + " at " + last.get() + "; cool-down " + edge.coolDown());
            }
        }
        if (!launcher().runs(edge.to())) {
            return links.record(
                    runId,
                    edge,
                    LinkDecision.STAGE_OFF,
                    null,
                    edge.to() + " is not deployed here (no CronJob: recsys.chain.kubernetes.cron-jobs." + edge.to()
                            + ")");
        }
        Optional<Lease> holder = leases.holder(edge.to());
        if (holder.isPresent()) {
            return links.record(
                    runId,
                    edge,
                    LinkDecision.ABSORBED,
                    holder.get().runId(),
                    "run " + holder.get().runId() + " of " + edge.to()
                            + " is going; it (or the next scheduled run) covers this");
        }
        ChainLink link = links.record(
                runId,
                edge,
                LinkDecision.STARTED,
                null,
                "started on " + edge.outcome().label());
        String launchedAs;
        try {
            launchedAs = launcher().launch(link);
        } catch (Exception e) {
            LOG.errorf("run=%s could not start %s through edge %s: %s", runId, edge.to(), edge.name(), e.getMessage());
            alerts.send(new Alert(
                    Severity.WARNING,
                    edge.from(),
                    "Chain link not started: " + edge.from() + " -> " + edge.to(),
                    "Edge " + edge + " fired after run " + runId + " but " + edge.to() + " could not be started: "
                            + e.getMessage() + "\nIts schedule will run it; until then the chain stops here."));
            return links.launchFailed(link.id(), "could not start: " + e.getMessage());
        }
        try {
            return links.launched(link.id(), launchedAs);
        } catch (Exception e) {
            // the run was asked for: the link stays STARTED, only how is not recorded
            LOG.warnf(
                    "run=%s started %s as %s but could not record it: %s",
                    runId, edge.to(), launchedAs, e.getMessage());
            return link;
        }
    }

    private synchronized ChainLauncher launcher() {
        if (launcher == null) {
            launcher = switch (config.launcher()) {
                case LOCAL -> new LocalLauncher();
                case KUBERNETES -> {
                    // in a pod: the service account's token and namespace; elsewhere the kubeconfig
                    kubernetes = new KubernetesClientBuilder().build();
                    yield new KubernetesJobLauncher(kubernetes, config.kubernetes());
                }
                case NONE -> throw new IllegalStateException("no launcher: recsys.chain.launcher=none");
            };
        }
        return launcher;
    }

    @PreDestroy
    synchronized void close() {
        if (kubernetes != null) {
            kubernetes.close();
        }
    }
}
