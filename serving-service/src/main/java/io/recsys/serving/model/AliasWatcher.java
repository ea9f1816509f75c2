package io.recsys.serving.model;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps this replica on the model its alias names: polls the alias, loads a new target beside the
 * current model, and swaps only when it validated. A refused target is not retried until the alias
 * moves again (its generation changes), so a broken model costs one load, not one per poll.
 */
@ApplicationScoped
public class AliasWatcher {
    private static final Logger LOG = Logger.getLogger(AliasWatcher.class);

    private final ServingConfig config;
    private final ModelAliases aliases;
    private final ModelRegistry registry;
    private final ModelLoader loader;
    private final ModelHolder holder;
    private final MeterRegistry meters;

    public AliasWatcher(
            ServingConfig config,
            ModelAliases aliases,
            ModelRegistry registry,
            ModelLoader loader,
            ModelHolder holder,
            MeterRegistry meters) {
        this.config = config;
        this.aliases = aliases;
        this.registry = registry;
        this.loader = loader;
        this.holder = holder;
        this.meters = meters;
        meters.gauge(
                MetricNames.SERVING_MODEL_LOADED,
                holder,
                h -> h.current()
                        .map(m -> m.loadedAt().getEpochSecond())
                        .orElse(0L)
                        .doubleValue());
    }

    void onStart(@Observes StartupEvent event) {
        try {
            sync();
        } catch (Exception e) {
            // The schedule retries; a replica without a model still answers health checks.
            LOG.errorf("initial model load failed: %s", e.toString());
        }
    }

    @Scheduled(
            every = "${serving.poll-interval:2s}",
            delayed = "${serving.poll-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            sync();
        } catch (Exception e) {
            LOG.warnf("alias check failed (will retry): %s", e.toString());
        }
    }

    /** Brings the served model and the canary in line with their aliases now. */
    public synchronized SyncOutcome sync() throws Exception {
        // Independent: a production alias that cannot be read must not keep a stopped canary serving.
        SyncOutcome production;
        try {
            production = syncProduction();
        } catch (Exception e) {
            syncCanary();
            throw e;
        }
        syncCanary();
        return production;
    }

    /**
     * Loads the canary alias's model beside production (the same checks, so a broken canary is
     * refused and never served), swaps its share in place when only the share changed, and drops
     * the canary when the alias is gone.
     */
    private void syncCanary() throws Exception {
        Optional<AliasTarget> target = aliases.current(config.canaryAlias());
        Optional<CanaryModel> current = holder.canary();
        if (target.isEmpty()) {
            holder.clearCanaryRefusal();
            if (current.isPresent()) {
                holder.swapCanary(null);
                LOG.infof(
                        "canary %s ended; every user is served by production",
                        current.get().model().modelId());
            }
            return;
        }
        AliasTarget t = target.get();
        double share = t.trafficShare() == null ? 0 : t.trafficShare();
        if (current.isPresent() && current.get().model().modelId().equals(t.modelId())) {
            if (current.get().generation() != t.generation()) {
                holder.swapCanary(new CanaryModel(current.get().model(), share, t.generation()));
            }
            return;
        }
        Optional<Refusal> refused = holder.lastCanaryRefusal();
        if (refused.isPresent()
                && refused.get().modelId().equals(t.modelId())
                && refused.get().aliasGeneration() == t.generation()) {
            return;
        }
        try {
            ModelVersion version = registry.find(t.modelId())
                    .orElseThrow(() -> new IllegalStateException(
                            "alias " + t.alias() + " names " + t.modelId() + ", which is not in the registry"));
            ServedModel loaded = holder.current()
                    .filter(m -> m.modelId().equals(t.modelId()))
                    .orElse(null);
            if (loaded == null) {
                loaded = loader.load(version);
            }
            holder.swapCanary(new CanaryModel(loaded, share, t.generation()));
            meters.counter(MetricNames.SERVING_MODEL_RELOADS).increment();
            LOG.infof("now serving canary %s to %.1f%% of users", loaded, 100 * share);
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            holder.swapCanary(null);
            holder.canaryRefused(new Refusal(t.modelId(), t.generation(), reason, Instant.now()));
            meters.counter(MetricNames.SERVING_MODEL_REFUSALS).increment();
            LOG.errorf("refused canary %s: %s; every user is served by production", t.modelId(), reason);
        }
    }

    private SyncOutcome syncProduction() throws Exception {
        Optional<AliasTarget> target = aliases.current(config.alias());
        if (target.isEmpty()) {
            return SyncOutcome.NO_ALIAS;
        }
        AliasTarget t = target.get();
        Optional<ServedModel> current = holder.current();
        if (current.isPresent() && current.get().modelId().equals(t.modelId())) {
            return SyncOutcome.UP_TO_DATE;
        }
        Optional<Refusal> refused = holder.lastRefusal();
        if (refused.isPresent()
                && refused.get().modelId().equals(t.modelId())
                && refused.get().aliasGeneration() == t.generation()) {
            return SyncOutcome.REFUSED;
        }
        Optional<ModelVersion> version = registry.find(t.modelId());
        try {
            if (version.isEmpty()) {
                throw new IllegalStateException(
                        "alias " + t.alias() + " names " + t.modelId() + ", which is not in the registry");
            }
            long started = System.nanoTime();
            // A canary promoted to production is already loaded and validated here.
            Optional<ServedModel> asCanary = holder.canary()
                    .map(CanaryModel::model)
                    .filter(m -> m.modelId().equals(t.modelId()));
            ServedModel loaded = asCanary.isPresent() ? asCanary.get() : loader.load(version.get());
            ServedModel previous = holder.swap(loaded);
            meters.counter(MetricNames.SERVING_MODEL_RELOADS).increment();
            LOG.infof(
                    "now serving %s (was %s), loaded and validated in %d ms",
                    loaded,
                    previous == null ? "nothing" : previous.modelId(),
                    (System.nanoTime() - started) / 1_000_000);
            return SyncOutcome.LOADED;
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            holder.refused(new Refusal(t.modelId(), t.generation(), reason, Instant.now()));
            meters.counter(MetricNames.SERVING_MODEL_REFUSALS).increment();
            LOG.errorf(
                    "refused model %s: %s; still serving %s",
                    t.modelId(), reason, current.map(ServedModel::modelId).orElse("nothing"));
            return SyncOutcome.REFUSED;
        }
    }
}
