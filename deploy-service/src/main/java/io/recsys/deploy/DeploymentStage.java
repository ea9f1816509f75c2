package io.recsys.deploy;

import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.stage.CachedStage;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.deploy.config.DeployConfig;
import io.recsys.model.ModelArtifact;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Daily deployment (the service's default stage; {@code canary} is the other): puts the registry's champion (or a named model, or on {@code --rollback} the
 * previous production model) behind the production alias, waits for every live serving replica
 * to load it, smoke-tests them, and on failure moves the alias back, verifies that too, records
 * both and fails (exit 3, CRITICAL alert). The registry follows production: a model that failed
 * or was rolled back is REJECTED and the restored one is champion again, so tomorrow's run does
 * not bring the bad model back.
 */
@ApplicationScoped
public class DeploymentStage implements CachedStage<DeploymentInputs, AliasTarget> {
    public static final String NAME = "deployment";
    private static final Logger LOG = Logger.getLogger(DeploymentStage.class);

    private final DeployConfig config;
    private final ModelRegistry registry;
    private final ModelAliases aliases;
    private final ProductionRollout rollout;

    public DeploymentStage(
            DeployConfig config, ModelRegistry registry, ModelAliases aliases, ProductionRollout rollout) {
        this.config = config;
        this.registry = registry;
        this.aliases = aliases;
        this.rollout = rollout;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A dry run names the model it would promote or roll back to and moves nothing. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(
                StageOption.value("model-id", "deploy this registered model instead of the champion"),
                StageOption.flag("rollback", "go back to the previous production model"));
    }

    @Override
    public Optional<AliasTarget> current(StageContext ctx) throws Exception {
        return aliases.current(config.alias());
    }

    /** The model to deploy: the previous production model on --rollback, the named one, or the champion. */
    @Override
    public DeploymentInputs inputs(StageContext ctx, Optional<AliasTarget> current) throws Exception {
        boolean rollback = ctx.options().flag("rollback");
        Optional<String> requested = ctx.options().value("model-id");
        if (rollback && requested.isPresent()) {
            throw new InvalidInvocationException("--rollback and --model-id exclude each other");
        }
        String currentId = current.map(AliasTarget::modelId).orElse(null);
        if (rollback) {
            return new DeploymentInputs(
                    DeploymentAction.ROLLBACK,
                    Optional.of(previousProduction(config.alias(), currentId)
                            .orElseThrow(() -> new StageFailure(
                                    "no previous production model to roll back to (current: " + currentId + ")"))));
        }
        if (requested.isPresent()) {
            ModelVersion target = registry.find(requested.get())
                    .orElseThrow(() -> new StageFailure("no model version " + requested.get() + " in the registry"));
            if (target.state() == ModelState.REJECTED) {
                throw new StageFailure(
                        "model " + target.id() + " was rejected (" + target.stateReason() + "); it is not deployed");
            }
            return new DeploymentInputs(DeploymentAction.PROMOTE, Optional.of(target));
        }
        return new DeploymentInputs(DeploymentAction.PROMOTE, registry.champion());
    }

    @Override
    public boolean unchanged(DeploymentInputs inputs, AliasTarget current) {
        return inputs.target()
                .map(ModelVersion::id)
                .filter(current.modelId()::equals)
                .isPresent();
    }

    @Override
    public String skipMessage(StageContext ctx, DeploymentInputs inputs, AliasTarget current) {
        return "production already serves " + current.modelId() + " (use --force to redeploy)";
    }

    @Override
    public StageResult execute(StageContext ctx, DeploymentInputs in, Optional<AliasTarget> current) throws Exception {
        String currentId = current.map(AliasTarget::modelId).orElse(null);
        if (in.target().isEmpty()) {
            return StageResult.skipped("no champion in the registry yet: nothing to deploy", Map.of());
        }
        ModelVersion target = in.target().get();
        DeploymentAction action = in.action();
        Map<String, Object> inputs = in.asLedgerMap();
        Optional<AliasTarget> canary = aliases.current(config.canary().alias());
        if (canary.isPresent()
                && action == DeploymentAction.PROMOTE
                && ctx.options().value("model-id").isEmpty()) {
            // The champion reaches production through the canary's verdict, not beside it.
            return StageResult.skipped(
                    "canary " + canary.get().modelId() + " is being judged; the canary stage decides what production"
                            + " serves (deploy by --model-id or --rollback to override)",
                    inputs);
        }
        Path dir = Path.of(target.artifactPath());
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new StageFailure("model " + target.id() + " has no published artifact at " + dir);
        }
        ModelArtifact.Mappings mappings = ModelArtifact.readMappings(dir);
        if (ctx.dryRun()) {
            return StageResult.succeeded(
                    "dry run: would " + action.name().toLowerCase(Locale.ROOT) + " " + target.id()
                            + " (production now: " + (currentId == null ? "nothing" : currentId) + ")",
                    inputs,
                    Map.of("would_deploy", target.id()),
                    Map.of());
        }

        return rollout.rollOut(target, action, currentId, mappings, inputs, ctx);
    }

    /**
     * The model production served before the current one: the newest successful (or pending)
     * deployment of another model that has not been rejected since.
     */
    private Optional<ModelVersion> previousProduction(String alias, String currentId) throws Exception {
        for (Deployment d : aliases.history(alias, 200)) {
            if (d.modelId().equals(currentId)
                    || (d.status() != DeploymentStatus.SUCCEEDED && d.status() != DeploymentStatus.PENDING)) {
                continue;
            }
            Optional<ModelVersion> v = registry.find(d.modelId());
            if (v.isPresent() && v.get().state() != ModelState.REJECTED) {
                return v;
            }
        }
        return Optional.empty();
    }
}
