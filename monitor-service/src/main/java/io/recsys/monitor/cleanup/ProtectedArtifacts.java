package io.recsys.monitor.cleanup;

import io.recsys.core.artifact.ArtifactKind;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the cleanup must never remove, and why: the production model and the one before it, the
 * champion, any model a replica reports serving, models of deployments still in progress; the
 * current data snapshot, the drift baseline and the snapshots those models were trained on; the
 * raw input those snapshots recorded (by digest, see {@link RawBackupGuard}) and the quarantine
 * files of the runs that published them; and the deployment rows that the alias, the last
 * successful deployment and the rollback target are read from.
 */
@ApplicationScoped
public class ProtectedArtifacts {
    /**
     * Protected model ids, snapshot ids, raw-file digests the protected snapshots were built from,
     * run ids whose quarantine files stay, and deployment ids; each with the reason.
     */
    public record Protected(
            Map<String, String> models,
            Map<String, String> snapshots,
            Map<String, String> rawDigests,
            Map<String, String> quarantineRuns,
            Map<Long, String> deployments) {}

    /**
     * The deployment rows things depend on: the alias's own (ModelAliases.current → find, its
     * previous model is protected above), the newest succeeded or pending one (the last successful
     * deployment), the newest succeeded or pending one of another model not rejected since (what
     * deploy-service's {@code --rollback} picks), and every deployment still verifying.
     */
    private static final String PROTECTED_DEPLOYMENTS = """
            SELECT a.deployment_id, 'what alias ' || a.alias || ' points at' FROM model_aliases a
             WHERE a.deployment_id IS NOT NULL
            UNION ALL
            SELECT * FROM (SELECT DISTINCT ON (d.alias) d.id, 'the last successful deployment of ' || d.alias
              FROM deployments d WHERE d.status IN ('SUCCEEDED', 'PENDING')
             ORDER BY d.alias, d.started_at DESC, d.id DESC) last_success
            UNION ALL
            SELECT * FROM (SELECT DISTINCT ON (d.alias) d.id, 'the rollback target of ' || d.alias
              FROM deployments d JOIN model_versions v ON v.id = d.model_id
              LEFT JOIN model_aliases a ON a.alias = d.alias
             WHERE d.status IN ('SUCCEEDED', 'PENDING') AND v.state <> 'REJECTED'
               AND d.model_id IS DISTINCT FROM a.model_id
             ORDER BY d.alias, d.started_at DESC, d.id DESC) rollback_target
            UNION ALL
            SELECT d.id, 'in progress (verifying)' FROM deployments d WHERE d.status = 'VERIFYING'
            """;

    private final ModelAliases aliases;
    private final ModelRegistry registry;
    private final ReplicaDirectory replicas;
    private final ArtifactRegistry artifacts;
    private final DriftStore drift;
    private final DataSource dataSource;

    public ProtectedArtifacts(
            ModelAliases aliases,
            ModelRegistry registry,
            ReplicaDirectory replicas,
            ArtifactRegistry artifacts,
            DriftStore drift,
            DataSource dataSource) {
        this.aliases = aliases;
        this.registry = registry;
        this.replicas = replicas;
        this.artifacts = artifacts;
        this.drift = drift;
        this.dataSource = dataSource;
    }

    public Protected find() throws Exception {
        Map<String, String> models = new LinkedHashMap<>();
        Optional<AliasTarget> production = aliases.current(ModelAliases.PRODUCTION);
        if (production.isPresent()) {
            models.put(production.get().modelId(), "in production");
            if (production.get().deploymentId() != null) {
                aliases.find(production.get().deploymentId())
                        .map(Deployment::previousModelId)
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
        artifacts
                .resolve(ArtifactKind.DATA_SNAPSHOT, ArtifactKind.CURRENT)
                .map(ArtifactRecord::id)
                .ifPresent(id -> snapshots.put(id, "the current data snapshot"));
        drift.baseline().ifPresent(b -> snapshots.putIfAbsent(b.snapshotId(), "the drift baseline"));
        for (String id : models.keySet()) {
            registry.find(id)
                    .map(ModelVersion::dataSnapshot)
                    .ifPresent(s -> snapshots.putIfAbsent(s, "training data of protected model " + id));
        }
        Map<String, String> rawDigests = new LinkedHashMap<>();
        Map<String, String> quarantineRuns = new LinkedHashMap<>();
        Map<Long, String> deployments = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, input_versions ->> 'raw_interactions_sha256', run_id" + " FROM artifacts WHERE kind = '"
                            + ArtifactKind.DATA_SNAPSHOT.id() + "' AND id = ANY (?)")) {
                ps.setArray(1, c.createArrayOf("varchar", snapshots.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String why = "snapshot " + rs.getString(1) + " (" + snapshots.get(rs.getString(1)) + ")";
                        if (rs.getString(2) != null) {
                            rawDigests.putIfAbsent(rs.getString(2), "the raw input of " + why);
                        }
                        if (rs.getString(3) != null) {
                            quarantineRuns.putIfAbsent(
                                    rs.getString(3), "rows rejected by the run that published " + why);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(PROTECTED_DEPLOYMENTS);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deployments.merge(rs.getLong(1), rs.getString(2), (a, b) -> a + "; " + b);
                }
            }
        }
        return new Protected(models, snapshots, rawDigests, quarantineRuns, deployments);
    }
}
