package io.recsys.deploy;

import io.recsys.core.chain.ChainSignal;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.provenance.GitCommit;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageResult;
import io.recsys.deploy.config.DeployConfig;
import io.recsys.deploy.verify.DeploymentVerifier;
import io.recsys.deploy.verify.Verdict;
import io.recsys.model.ModelArtifact;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Moves the production alias to a model and makes sure it took: every live replica loads it and
 * answers well, or the alias goes back to the previous model (verified too), both recorded, and
 * the registry follows production. Shared by the deployment stage and by a canary judged better.
 */
@ApplicationScoped
public class ProductionRollout {
    private static final Logger LOG = Logger.getLogger(ProductionRollout.class);

    private final DeployConfig config;
    private final ModelRegistry registry;
    private final ModelAliases aliases;
    private final DeploymentVerifier verifier;
    private final GitCommit gitCommit;

    public ProductionRollout(
            DeployConfig config,
            ModelRegistry registry,
            ModelAliases aliases,
            DeploymentVerifier verifier,
            GitCommit gitCommit) {
        this.config = config;
        this.registry = registry;
        this.aliases = aliases;
        this.verifier = verifier;
        this.gitCommit = gitCommit;
    }

    /**
     * Puts {@code target} behind production (which served {@code currentId}, null when nothing)
     * and verifies it. Returns the run's result; throws the failure to raise after a rollback.
     */
    public StageResult rollOut(
            ModelVersion target,
            DeploymentAction action,
            String currentId,
            ModelArtifact.Mappings mappings,
            Map<String, Object> inputs,
            StageContext ctx)
            throws Exception {
        String alias = config.alias();
        Deployment deployment =
                aliases.move(alias, target.id(), action, ctx.trigger().name(), ctx.runId(), gitCommit.current());
        LOG.infof("alias %s: %s -> %s (%s, deployment %d)", alias, currentId, target.id(), action, deployment.id());
        Verdict verdict = verifier.verify(target.id(), mappings, ctx);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("deployment_id", deployment.id());
        outputs.put("model_id", target.id());
        if (currentId != null) {
            outputs.put("previous_model_id", currentId);
        }
        switch (verdict.outcome()) {
            case NO_LIVE_REPLICA -> {
                aliases.finish(
                        deployment.id(),
                        DeploymentStatus.PENDING,
                        verdict.details(),
                        "no live serving replica: replicas load " + target.id() + " when they start");
                followProduction(action, target, currentId, ctx);
                outputs.put("status", DeploymentStatus.PENDING.name());
                return StageResult.succeeded(
                                "alias " + alias + " now names " + target.id()
                                        + "; no live replica to verify (PENDING)",
                                inputs,
                                outputs,
                                Map.of())
                        .signalling(ChainSignal.MODEL_DEPLOYED);
            }
            case PASSED -> {
                aliases.finish(deployment.id(), DeploymentStatus.SUCCEEDED, verdict.details(), "verified");
                followProduction(action, target, currentId, ctx);
                outputs.put("status", DeploymentStatus.SUCCEEDED.name());
                int replicas = ((List<?>) verdict.details().get("replicas")).size();
                return StageResult.succeeded(
                                "deployed " + target.id() + " (was " + (currentId == null ? "nothing" : currentId)
                                        + "), verified on " + replicas + (replicas == 1 ? " replica" : " replicas"),
                                inputs,
                                outputs,
                                Map.of())
                        .signalling(ChainSignal.MODEL_DEPLOYED);
            }
            default -> throw rollBack(alias, deployment, target, currentId, verdict, ctx);
        }
    }

    /** Verification failed: alias back to the previous model, verified, both recorded; the failure to raise. */
    private StageFailure rollBack(
            String alias, Deployment failed, ModelVersion target, String previousId, Verdict verdict, StageContext ctx)
            throws Exception {
        LOG.errorf("verification of %s failed: %s", target.id(), verdict.problem());
        if (previousId == null) {
            aliases.finish(
                    failed.id(),
                    DeploymentStatus.FAILED,
                    verdict.details(),
                    verdict.problem() + "; no previous model to roll back to");
            registry.rejectAndRestore(target.id(), "failed deployment verification: " + verdict.problem(), null, null);
            return new StageFailure("deployment of " + target.id() + " failed verification and there is no previous "
                    + "model to roll back to: " + verdict.problem());
        }
        Deployment back = aliases.move(
                alias,
                previousId,
                DeploymentAction.AUTO_ROLLBACK,
                ctx.trigger().name(),
                ctx.runId(),
                gitCommit.current());
        ModelVersion previous = registry.find(previousId).orElseThrow();
        Verdict backVerdict =
                verifier.verify(previousId, ModelArtifact.readMappings(Path.of(previous.artifactPath())), ctx);
        boolean restored = backVerdict.outcome() != Verdict.Outcome.FAILED;
        aliases.finish(
                back.id(),
                restored ? DeploymentStatus.SUCCEEDED : DeploymentStatus.FAILED,
                backVerdict.details(),
                restored ? "rollback verified" : "rollback verification failed: " + backVerdict.problem());
        aliases.finish(failed.id(), DeploymentStatus.ROLLED_BACK, verdict.details(), verdict.problem());
        registry.rejectAndRestore(
                target.id(),
                "failed deployment verification (run " + ctx.runId() + "): " + verdict.problem(),
                previousId,
                "restored by automatic rollback (run " + ctx.runId() + ")");
        return new StageFailure(
                "deployment of " + target.id() + " failed verification: " + verdict.problem()
                        + "; rolled back to " + previousId
                        + (restored ? " (verified)" : " (ROLLBACK ALSO FAILED: " + backVerdict.problem() + ")"),
                List.of("failed deployment " + failed.id(), "rollback deployment " + back.id()));
    }

    /**
     * Keeps the registry's champion equal to what production serves: a model deployed by name
     * becomes champion; after a rollback on demand the model rolled back from is rejected.
     */
    private void followProduction(DeploymentAction action, ModelVersion target, String previousId, StageContext ctx)
            throws Exception {
        if (action == DeploymentAction.ROLLBACK && previousId != null) {
            registry.rejectAndRestore(
                    previousId,
                    "rolled back on demand (run " + ctx.runId() + ")",
                    target.id(),
                    "restored by rollback on demand (run " + ctx.runId() + ")");
        } else if (target.state() != ModelState.CHAMPION) {
            registry.crown(target.id(), "deployed to production (run " + ctx.runId() + ")");
        }
    }
}
