package io.recsys.monitor.health;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Models: a champion exists, its artifact matches its manifest, its Recall@10 clears
 * {@code monitor.health.min-recall}; production names a model.
 */
@ApplicationScoped
public class ModelsCheck implements ComponentCheck {
    private final ModelRegistry registry;
    private final ModelAliases aliases;
    private final ArtifactStore store;
    private final MonitorConfig config;
    private final RunLedger ledger;

    public ModelsCheck(
            ModelRegistry registry, ModelAliases aliases, ArtifactStore store, MonitorConfig config, RunLedger ledger) {
        this.registry = registry;
        this.aliases = aliases;
        this.store = store;
        this.config = config;
        this.ledger = ledger;
    }

    @Override
    public HealthComponent component() {
        return HealthComponent.MODELS;
    }

    /** Reads only: the same in a dry run. */
    @Override
    public List<Check> run(boolean dryRun) throws Exception {
        List<Check> out = new ArrayList<>();
        Optional<ModelVersion> champion = registry.champion();
        if (champion.isEmpty()) {
            out.add(Check.fail(
                    "champion",
                    HealthStatus.CRITICAL,
                    "no champion in the registry: training has not"
                            + " produced a model that beats the popularity baseline"));
        } else {
            ModelVersion c = champion.get();
            out.add(Check.pass("champion", c.id() + " (" + c.type() + ", data " + c.dataSnapshot() + ")"));
            try {
                store.verify(Path.of(c.artifactPath()));
                out.add(Check.pass("champion_intact", "every file matches the manifest"));
            } catch (Exception e) {
                out.add(Check.fail("champion_intact", HealthStatus.CRITICAL, e.getMessage()));
            }
            Object recall = c.metrics().get("recall@10");
            double r = recall instanceof Number n ? n.doubleValue() : 0;
            String text = String.format(
                    Locale.ROOT,
                    "Recall@10 %.4f (threshold %.2f)",
                    r,
                    config.health().minRecall());
            out.add(
                    r >= config.health().minRecall()
                            ? Check.pass("model_performance", text)
                            : Check.fail("model_performance", HealthStatus.WARNING, text));
            out.add(modelAge(c));
        }
        Optional<AliasTarget> production = aliases.current(ModelAliases.PRODUCTION);
        out.add(
                production.isPresent()
                        ? Check.pass(
                                "production",
                                "production serves " + production.get().modelId())
                        : Check.fail("production", HealthStatus.WARNING, "nothing deployed to production yet"));
        return out;
    }

    /**
     * The seed's "model age": days since the last training, i.e. since the champion was trained or a
     * later training run succeeded (kept it, or found the data unchanged).
     */
    private Check modelAge(ModelVersion champion) {
        Instant trained = ledger.lastConfirmed("training")
                .filter(champion.createdAt()::isBefore)
                .orElse(champion.createdAt());
        Duration age = Duration.between(trained, Instant.now());
        Duration max = config.health().modelMaxAge();
        String text = "last trained " + age.toDays() + " days ago (limit " + max.toDays() + ")";
        return age.compareTo(max) > 0
                ? Check.fail("model_age", HealthStatus.WARNING, text)
                : Check.pass("model_age", text);
    }
}
