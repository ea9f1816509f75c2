package io.recsys.monitor.cleanup;

import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ReplicaStatus;
import io.recsys.monitor.drift.DriftStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the cleanup must never remove, and why: the production model and the one before it, the
 * champion, any model a replica reports serving, models of deployments still in progress; the
 * current data snapshot, the drift baseline and the snapshots those models were trained on.
 */
@ApplicationScoped
public class ProtectedArtifacts {
    /** Protected model ids and snapshot ids, each with the reason. */
    public record Protected(Map<String, String> models, Map<String, String> snapshots) {
    }

    private final ModelAliases aliases;
    private final ModelRegistry registry;
    private final ReplicaDirectory replicas;
    private final ArtifactRegistry artifacts;
    private final DriftStore drift;

    public ProtectedArtifacts(ModelAliases aliases, ModelRegistry registry, ReplicaDirectory replicas,
                              ArtifactRegistry artifacts, DriftStore drift) {
        this.aliases = aliases;
        this.registry = registry;
        this.replicas = replicas;
        this.artifacts = artifacts;
        this.drift = drift;
    }

    public Protected find() throws Exception {
        Map<String, String> models = new LinkedHashMap<>();
        Optional<AliasTarget> production = aliases.current(ModelAliases.PRODUCTION);
        if (production.isPresent()) {
            models.put(production.get().modelId(), "in production");
            if (production.get().deploymentId() != null) {
                aliases.find(production.get().deploymentId()).map(Deployment::previousModelId)
                        .ifPresent(prev -> models.putIfAbsent(prev, "the production model before the current one"));
            }
        }
        registry.champion().ifPresent(c -> models.putIfAbsent(c.id(), "the registry's champion"));
        for (ReplicaStatus r : replicas.all()) {
            if (r.modelId() != null) {
                models.putIfAbsent(r.modelId(), "served by replica " + r.instanceId());
            }
        }
        for (Deployment d : aliases.history(ModelAliases.PRODUCTION, 20)) {
            if (d.status() == DeploymentStatus.VERIFYING) {
                models.putIfAbsent(d.modelId(), "deployment " + d.id() + " in progress");
            }
        }
        Map<String, String> snapshots = new LinkedHashMap<>();
        artifacts.resolve("data-snapshot", "current").map(ArtifactRecord::id)
                .ifPresent(id -> snapshots.put(id, "the current data snapshot"));
        drift.baseline().ifPresent(b -> snapshots.putIfAbsent(b.snapshotId(), "the drift baseline"));
        for (String id : models.keySet()) {
            registry.find(id).map(ModelVersion::dataSnapshot)
                    .ifPresent(s -> snapshots.putIfAbsent(s, "training data of protected model " + id));
        }
        return new Protected(models, snapshots);
    }
}
