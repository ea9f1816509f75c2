package io.recsys.deploy.canary;

import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.provenance.GitCommit;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.StageResult;
import io.recsys.deploy.ProductionRollout;
import io.recsys.deploy.config.DeployConfig;
import io.recsys.deploy.verify.DeploymentVerifier;
import io.recsys.deploy.verify.Verdict;
import io.recsys.model.ModelArtifact;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The canary: {@code --start MODEL [--share F]} serves a candidate to a stable share of users
 * beside production (verified on every replica like a production deployment; refused or failing →
 * ended and the model rejected); with no option (hourly) the judge reads both arms since the start
 * and acts on {@link CanaryJudge}'s verdict — better → production (verified, rolled back on failure,
 * as the deployment stage does), worse or a guard breached → ended, model rejected, WARNING;
 * undecided at the deadline → ended, production stays, said so; collecting → nothing moves.
 * {@code --status} reports the same numbers and moves nothing; {@code --stop} ends it by hand.
 * Every end is a CANARY_STOP row in the deployment history with the judge's numbers.
 */
@ApplicationScoped
public class CanaryStage implements Stage {
    public static final String NAME = "canary";
    private static final Logger LOG = Logger.getLogger(CanaryStage.class);

    private final DeployConfig config;
    private final ModelRegistry registry;
    private final ModelAliases aliases;
    private final DeploymentVerifier verifier;
    private final ProductionRollout rollout;
    private final CanaryArms arms;
    private final AlertService alerts;
    private final GitCommit gitCommit;

    public CanaryStage(
            DeployConfig config,
            ModelRegistry registry,
            ModelAliases aliases,
            DeploymentVerifier verifier,
            ProductionRollout rollout,
            CanaryArms arms,
            AlertService alerts,
            GitCommit gitCommit) {
        this.config = config;
        this.registry = registry;
        this.aliases = aliases;
        this.verifier = verifier;
        this.rollout = rollout;
        this.arms = arms;
        this.alerts = alerts;
        this.gitCommit = gitCommit;
    }

    /** What one canary run was asked to do. */
    enum Action {
        JUDGE,
        START,
        STATUS,
        STOP
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A dry run says what it would start, stop or decide, and moves nothing. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(
                StageOption.value("start", "serve this registered model to a share of users as the canary"),
                StageOption.value("share", "with --start: the share of users, in (0, 1) (default deploy.canary.share)"),
                StageOption.flag("status", "report the running canary and its numbers; move nothing"),
                StageOption.flag("stop", "end the running canary; production serves everyone"));
    }

    static Action action(StageOptions o) throws InvalidInvocationException {
        boolean start = o.value("start").isPresent();
        int chosen = (start ? 1 : 0) + (o.flag("status") ? 1 : 0) + (o.flag("stop") ? 1 : 0);
        if (chosen > 1) {
            throw new InvalidInvocationException("--start, --status and --stop exclude each other");
        }
        if (o.value("share").isPresent() && !start) {
            throw new InvalidInvocationException("--share goes with --start");
        }
        if (o.force()) {
            throw new InvalidInvocationException("the canary stage has no cache to bypass: --force does nothing here");
        }
        return start ? Action.START : o.flag("status") ? Action.STATUS : o.flag("stop") ? Action.STOP : Action.JUDGE;
    }

    static double share(Optional<String> value, double fallback) throws InvalidInvocationException {
        if (value.isEmpty()) {
            return fallback;
        }
        double share;
        try {
            share = Double.parseDouble(value.get());
        } catch (NumberFormatException e) {
            throw new InvalidInvocationException("--share must be a number in (0, 1), got '" + value.get() + "'");
        }
        if (!(share > 0 && share < 1)) {
            throw new InvalidInvocationException("--share must be in (0, 1), got " + value.get());
        }
        return share;
    }

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        Action action = action(ctx.options());
        Optional<AliasTarget> canary = aliases.current(config.canary().alias());
        return switch (action) {
            case START -> start(ctx, canary);
            case STATUS -> status(canary);
            case STOP -> stop(ctx, canary);
            case JUDGE -> judge(ctx, canary);
        };
    }

    private StageResult start(StageContext ctx, Optional<AliasTarget> running) throws Exception {
        String modelId = ctx.options().value("start").orElseThrow();
        double share = share(ctx.options().value("share"), config.canary().share());
        Map<String, Object> inputs = Map.of("model_id", modelId, "share", share);
        if (running.isPresent()) {
            throw new StageFailure("canary " + running.get().modelId() + " is already running (since "
                    + running.get().updatedAt() + "); stop it first with --stop");
        }
        ModelVersion target = registry.find(modelId)
                .orElseThrow(() -> new StageFailure("no model version " + modelId + " in the registry"));
        if (target.state() == ModelState.REJECTED) {
            throw new StageFailure(
                    "model " + modelId + " was rejected (" + target.stateReason() + "); it is not deployed");
        }
        String productionId = aliases.current(config.alias())
                .map(AliasTarget::modelId)
                .orElseThrow(() -> new StageFailure(
                        "production serves nothing yet: a canary needs a production model to be judged against"));
        if (productionId.equals(modelId)) {
            throw new StageFailure("production already serves " + modelId + "; a canary must be another model");
        }
        ModelArtifact.Mappings mappings = mappings(target);
        String pct = percent(share);
        if (ctx.dryRun()) {
            return StageResult.succeeded(
                    "dry run: would start canary " + modelId + " for " + pct + " of users against " + productionId,
                    inputs,
                    Map.of("would_start", modelId),
                    Map.of());
        }
        Deployment started =
                aliases.startCanary(config.canary().alias(), modelId, share, trigger(ctx), ctx.runId(), git());
        AliasTarget alias = aliases.current(config.canary().alias()).orElseThrow();
        Verdict verdict;
        try {
            verdict = verifier.verifyCanary(alias, mappings, ctx);
        } catch (Exception e) {
            // Not left to a retry: the alias has moved, and a retry would only find "already running".
            aliases.endCanary(
                    config.canary().alias(),
                    DeploymentStatus.SUCCEEDED,
                    Map.of(),
                    "canary verification could not complete: " + e,
                    trigger(ctx),
                    ctx.runId(),
                    git());
            aliases.finish(started.id(), DeploymentStatus.FAILED, Map.of(), "verification could not complete: " + e);
            throw new StageFailure("canary " + modelId + " could not be verified (" + e + "); ended, production "
                    + productionId + " serves everyone");
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("deployment_id", started.id());
        outputs.put("model_id", modelId);
        outputs.put("share", share);
        outputs.put("production_model_id", productionId);
        Instant deadline = alias.updatedAt().plus(config.canary().maxDuration());
        outputs.put("deadline", deadline.toString());
        switch (verdict.outcome()) {
            case PASSED, NO_LIVE_REPLICA -> {
                boolean pending = verdict.outcome() == Verdict.Outcome.NO_LIVE_REPLICA;
                aliases.finish(
                        started.id(),
                        pending ? DeploymentStatus.PENDING : DeploymentStatus.SUCCEEDED,
                        verdict.details(),
                        pending ? "no live serving replica: replicas load the canary when they start" : "verified");
                outputs.put("status", pending ? "PENDING" : "SUCCEEDED");
                return StageResult.succeeded(
                        "canary " + modelId + " serves " + pct + " of users beside production " + productionId
                                + (pending ? " (no live replica to verify: PENDING)" : ", verified")
                                + "; judged until " + deadline,
                        inputs,
                        outputs,
                        Map.of());
            }
            default -> {
                // Rejected first, so no retry or cron brings the refused model back, whatever fails next.
                registry.rejectAndRestore(
                        modelId,
                        "failed canary verification (run " + ctx.runId() + "): " + verdict.problem(),
                        productionId,
                        "restored: the canary failed verification (run " + ctx.runId() + ")");
                aliases.endCanary(
                        config.canary().alias(),
                        DeploymentStatus.SUCCEEDED,
                        verdict.details(),
                        "canary failed verification: " + verdict.problem(),
                        trigger(ctx),
                        ctx.runId(),
                        git());
                aliases.finish(started.id(), DeploymentStatus.ROLLED_BACK, verdict.details(), verdict.problem());
                throw new StageFailure(
                        "canary " + modelId + " failed verification: " + verdict.problem() + "; ended, production "
                                + productionId + " serves everyone",
                        List.of("canary deployment " + started.id()));
            }
        }
    }

    /** The running canary and its numbers now, or {@code running: false}; reads only (GET /api/v1/canary). */
    public Map<String, Object> inspect() throws Exception {
        Optional<AliasTarget> running = aliases.current(config.canary().alias());
        if (running.isEmpty()) {
            return Map.of("running", false);
        }
        Reading r = read(running.get());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", true);
        out.putAll(r.asOutputs());
        out.put("would", describe(r.decision));
        return out;
    }

    private StageResult status(Optional<AliasTarget> running) throws Exception {
        if (running.isEmpty()) {
            return StageResult.succeeded("no canary is running", Map.of(), Map.of("running", false), Map.of());
        }
        Reading r = read(running.get());
        Map<String, Object> outputs = r.asOutputs();
        outputs.put("running", true);
        return StageResult.succeeded(
                "canary " + r.canaryId + " (" + percent(r.share) + " of users, since " + r.started + ") against "
                        + r.productionId + ": the judge would " + describe(r.decision),
                Map.of("model_id", r.canaryId),
                outputs,
                Map.of());
    }

    private StageResult stop(StageContext ctx, Optional<AliasTarget> running) throws Exception {
        if (running.isEmpty()) {
            return StageResult.skipped("no canary is running: nothing to stop", Map.of());
        }
        if (servesProduction(running.get()) && !ctx.dryRun()) {
            return endAsProduction(ctx, running.get());
        }
        Reading r = read(running.get());
        if (ctx.dryRun()) {
            return StageResult.succeeded(
                    "dry run: would stop canary " + r.canaryId, Map.of(), Map.of("would_stop", r.canaryId), Map.of());
        }
        String why = "stopped by hand (" + ctx.trigger().name().toLowerCase(Locale.ROOT) + ", run " + ctx.runId() + ")";
        return end(ctx, r, why, Severity.INFO, "Canary stopped");
    }

    private StageResult judge(StageContext ctx, Optional<AliasTarget> running) throws Exception {
        if (running.isEmpty()) {
            return StageResult.skipped("no canary is running: nothing to judge", Map.of());
        }
        if (servesProduction(running.get())) {
            return ctx.dryRun()
                    ? StageResult.succeeded(
                            "dry run: would end canary " + running.get().modelId() + ": production already serves it",
                            Map.of(),
                            Map.of(),
                            Map.of())
                    : endAsProduction(ctx, running.get());
        }
        Reading r = read(running.get());
        CanaryJudge.Decision d = r.decision;
        Map<String, Object> inputs = Map.of("model_id", r.canaryId, "production_model_id", r.productionId);
        if (d.verdict() == CanaryJudge.Verdict.CONTINUE) {
            return StageResult.succeeded(
                    "canary " + r.canaryId + ": " + d.reason() + " (deadline " + r.deadline() + ")",
                    inputs,
                    r.asOutputs(),
                    Map.of());
        }
        if (ctx.dryRun()) {
            return StageResult.succeeded("dry run: the judge would " + describe(d), inputs, r.asOutputs(), Map.of());
        }
        return switch (d.verdict()) {
            case PROMOTE -> promote(ctx, r, inputs);
            case ROLL_BACK -> end(ctx, r, "rolled back: " + d.reason(), Severity.WARNING, "Canary rolled back");
            default -> end(ctx, r, "production stays: " + d.reason(), Severity.INFO, "Canary ended undecided");
        };
    }

    /**
     * The canary won: production moves to it first, through the same verified rollout as a
     * deployment (replicas already hold it loaded), and only then does the canary end, so the history
     * and the alert say what happened. A rollout that fails verification rolls production back and
     * rejects the model; the canary ends too, saying so, and the run fails.
     */
    private StageResult promote(StageContext ctx, Reading r, Map<String, Object> inputs) throws Exception {
        ModelVersion target = registry.find(r.canaryId).orElseThrow();
        ModelArtifact.Mappings mappings = mappings(target);
        StageResult deployed;
        try {
            deployed = rollout.rollOut(target, DeploymentAction.PROMOTE, r.productionId, mappings, inputs, ctx);
        } catch (StageFailure failed) {
            aliases.endCanary(
                    config.canary().alias(),
                    DeploymentStatus.SUCCEEDED,
                    r.numbers(),
                    "judged better, but its promotion failed verification: " + failed.getMessage(),
                    trigger(ctx),
                    ctx.runId(),
                    git());
            throw failed;
        }
        aliases.endCanary(
                config.canary().alias(),
                DeploymentStatus.SUCCEEDED,
                r.numbers(),
                "promoted: " + r.decision.reason(),
                trigger(ctx),
                ctx.runId(),
                git());
        alerts.send(new Alert(
                Severity.INFO,
                NAME,
                "Canary promoted: " + r.canaryId,
                "canary " + r.canaryId + " went to production (was " + r.productionId + "): " + r.decision.reason()));
        Map<String, Object> outputs = new LinkedHashMap<>(r.asOutputs());
        outputs.putAll(deployed.outputs());
        outputs.put("decision", "PROMOTE");
        return StageResult.succeeded(
                "canary " + r.canaryId + " promoted (" + r.decision.reason() + "); " + deployed.message(),
                inputs,
                outputs,
                Map.of());
    }

    /**
     * The canary ends and production serves everyone; the candidate is rejected first (idempotent),
     * so a run retried after a failure half-way ends it again instead of leaving it champion.
     */
    private StageResult end(StageContext ctx, Reading r, String why, Severity severity, String subject)
            throws Exception {
        registry.rejectAndRestore(
                r.canaryId,
                "canary " + why + " (run " + ctx.runId() + ")",
                r.productionId,
                "production stayed: canary " + r.canaryId + " ended (run " + ctx.runId() + ")");
        Optional<Deployment> stopped = aliases.endCanary(
                config.canary().alias(),
                DeploymentStatus.SUCCEEDED,
                r.numbers(),
                why,
                trigger(ctx),
                ctx.runId(),
                git());
        if (stopped.isEmpty()) {
            return StageResult.skipped("the canary had already ended", Map.of());
        }
        alerts.send(new Alert(severity, NAME, subject + ": " + r.canaryId, "canary " + r.canaryId + " " + why));
        LOG.infof("canary %s ended: %s", r.canaryId, why);
        Map<String, Object> outputs = r.asOutputs();
        outputs.put("deployment_id", stopped.get().id());
        outputs.put("decision", r.decision.verdict().name());
        return StageResult.succeeded(
                "canary " + r.canaryId + " ended, " + why + "; production " + r.productionId + " serves everyone",
                Map.of("model_id", r.canaryId),
                outputs,
                Map.of());
    }

    /**
     * Production already serves the canary's model (deployed by --model-id meanwhile, or a promotion
     * retried after production moved): nothing left to compare; the canary ends, nothing is rejected.
     */
    private StageResult endAsProduction(StageContext ctx, AliasTarget canary) throws Exception {
        Optional<Deployment> stopped = aliases.endCanary(
                config.canary().alias(),
                DeploymentStatus.SUCCEEDED,
                Map.of("canary_model_id", canary.modelId()),
                "ended: production already serves " + canary.modelId(),
                trigger(ctx),
                ctx.runId(),
                git());
        return stopped.isEmpty()
                ? StageResult.skipped("the canary had already ended", Map.of())
                : StageResult.succeeded(
                        "canary " + canary.modelId() + " ended: production already serves it",
                        Map.of("model_id", canary.modelId()),
                        Map.of("deployment_id", stopped.get().id(), "decision", "ALREADY_PRODUCTION"),
                        Map.of());
    }

    /** The canary, production, both arms and the judge's verdict, now. */
    private final class Reading {
        final String canaryId;
        final String productionId;
        final double share;
        final Instant started;
        final CanaryArms.Arms arms;
        final CanaryJudge.Decision decision;

        Reading(AliasTarget canary) throws Exception {
            this.canaryId = canary.modelId();
            this.productionId =
                    aliases.current(config.alias()).map(AliasTarget::modelId).orElse(null);
            this.share = canary.trafficShare() == null ? 0 : canary.trafficShare();
            this.started = canary.updatedAt();
            Instant now = Instant.now();
            this.arms = CanaryStage.this.arms.since(canaryId, productionId, started, now);
            this.decision = CanaryStage.this
                    .arms
                    .judge()
                    .judge(arms.production(), arms.canary(), Duration.between(started, now));
        }

        Instant deadline() {
            return started.plus(config.canary().maxDuration());
        }

        Map<String, Object> numbers() {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("canary_model_id", canaryId);
            n.put("production_model_id", productionId);
            n.put("share", share);
            n.put("started_at", started.toString());
            n.put("verdict", decision.verdict().name());
            n.put("reason", decision.reason());
            n.putAll(decision.numbers());
            n.put("production_requests", arms.production().requests());
            n.put("canary_requests", arms.canary().requests());
            return n;
        }

        Map<String, Object> asOutputs() {
            Map<String, Object> out = numbers();
            out.put("deadline", deadline().toString());
            return out;
        }
    }

    private boolean servesProduction(AliasTarget canary) throws Exception {
        return aliases.current(config.alias())
                .map(AliasTarget::modelId)
                .filter(canary.modelId()::equals)
                .isPresent();
    }

    private Reading read(AliasTarget canary) throws Exception {
        if (aliases.current(config.alias()).isEmpty()) {
            throw new StageFailure("canary " + canary.modelId() + " runs but production serves nothing");
        }
        return new Reading(canary);
    }

    private static ModelArtifact.Mappings mappings(ModelVersion target) throws Exception {
        Path dir = Path.of(target.artifactPath());
        if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new StageFailure("model " + target.id() + " has no published artifact at " + dir);
        }
        return ModelArtifact.readMappings(dir);
    }

    private static String describe(CanaryJudge.Decision d) {
        return switch (d.verdict()) {
            case PROMOTE -> "promote it: " + d.reason();
            case ROLL_BACK -> "roll it back: " + d.reason();
            case KEEP_PRODUCTION -> "end it, production stays: " + d.reason();
            case CONTINUE -> "wait: " + d.reason();
        };
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String trigger(StageContext ctx) {
        return ctx.trigger().name();
    }

    private String git() {
        return gitCommit.current();
    }
}
