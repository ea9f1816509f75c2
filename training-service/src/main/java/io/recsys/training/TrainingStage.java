package io.recsys.training;

import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.Digests;
import io.recsys.core.artifact.Manifest;
import io.recsys.core.chain.ChainSignal;
import io.recsys.core.drift.DriftVerdicts;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.provenance.GitCommit;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.core.stage.CachedStage;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageInputs;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.math.eval.FactorScorer;
import io.recsys.math.eval.ItemScorer;
import io.recsys.math.eval.PopularityScorer;
import io.recsys.math.eval.RankingEvaluator;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import io.recsys.training.config.TrainingConfig;
import io.recsys.training.data.EmbeddingSetInput;
import io.recsys.training.data.TrainingData;
import io.recsys.training.data.ValidationSplit;
import io.recsys.training.eval.MappedFactorScorer;
import io.recsys.training.family.ModelFamily;
import io.recsys.training.model.Checkpoints;
import io.recsys.training.model.EarlyStopping;
import io.recsys.training.model.IterativeModel;
import io.recsys.training.model.TrainingLoop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Weekly training: ALS and/or BPR on the current data snapshot, with early stopping on a
 * validation split carved from train, optional warm start from the champion, checkpoints, honest
 * evaluation (full ranking against a popularity baseline and the champion re-evaluated on the same
 * test split), publication, registration and the promotion gate. Named steps: {@link #inputs}
 * (what the run is about, decided by the runner's skip rule), then per model type its
 * {@link ModelFamily} prepares the model, {@code runLoop} trains it, {@code publish} writes and
 * registers it; {@code promote} compares the candidates with the champion.
 */
@ApplicationScoped
public class TrainingStage implements CachedStage<TrainingStage.Planned, PipelineRun> {
    public static final String NAME = "training";
    static final String MODELS_AREA = "models";
    private static final Logger LOG = Logger.getLogger(TrainingStage.class);
    private static final DateTimeFormatter ID_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final TrainingConfig config;
    private final ArtifactStore store;
    private final ArtifactRegistry artifacts;
    private final ModelRegistry models;
    private final AlertService alerts;
    private final RunLedger ledger;
    private final DriftVerdicts driftVerdicts;
    private final RetrainRequests retrainRequests;
    private final GitCommit gitCommit;
    private final String version;
    private final Map<ModelType, ModelFamily> families = new EnumMap<>(ModelType.class);

    public TrainingStage(
            TrainingConfig config,
            ArtifactStore store,
            ArtifactRegistry artifacts,
            ModelRegistry models,
            AlertService alerts,
            RunLedger ledger,
            DriftVerdicts driftVerdicts,
            RetrainRequests retrainRequests,
            GitCommit gitCommit,
            Instance<ModelFamily> families,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.store = store;
        this.artifacts = artifacts;
        this.models = models;
        this.alerts = alerts;
        this.ledger = ledger;
        this.driftVerdicts = driftVerdicts;
        this.retrainRequests = retrainRequests;
        this.gitCommit = gitCommit;
        this.version = version;
        for (ModelFamily f : families) {
            if (this.families.put(f.type(), f) != null) {
                throw new IllegalStateException("two model families for " + f.type());
            }
        }
    }

    /** The trainer of one model type; every type the stage accepts has one. */
    private ModelFamily family(ModelType type) {
        ModelFamily f = families.get(type);
        if (f == null) {
            throw new IllegalStateException("no model family builds " + type);
        }
        return f;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * A dry run decides exactly as a real run (skip or train, which models, why) and reports that
     * plan; it trains nothing and writes nothing (no checkpoint, model, registry row, iteration,
     * promotion, alert, nor consumed retrain request).
     */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(
                StageOption.value("model", "als, bpr or both (default both)"),
                StageOption.flag("warm-start", "start from the champion's factors (new users and items start random)"),
                StageOption.flag("no-promote", "register candidates without running the promotion gate"));
    }

    /** This run's inputs, and the checked choices of the invocation they are read with. */
    public record Planned(TrainingInputs inputs, ArtifactRecord snapshot, List<ModelType> types, String primary)
            implements StageInputs {
        @Override
        public Map<String, Object> asLedgerMap() {
            return inputs.asLedgerMap();
        }
    }

    /** The last finished run (a success or a skip): a run that died halfway covers nothing. */
    @Override
    public Optional<PipelineRun> current(StageContext ctx) {
        return ledger.lastSuccess(NAME).filter(r -> r.inputVersions != null);
    }

    @Override
    public Planned inputs(StageContext ctx, Optional<PipelineRun> last) throws Exception {
        List<ModelType> types = modelTypes(ctx.options().value("model").orElse("both"));
        String primary =
                config.evaluation().primaryMetric().at(config.evaluation().primaryK());
        ArtifactRecord snapshot = artifacts
                .resolve(ArtifactKind.DATA_SNAPSHOT, ArtifactKind.CURRENT)
                .orElseThrow(() -> new StageFailure("no current data snapshot: run the data refresh first"));
        store.verify(Path.of(snapshot.path()));
        TrainingInputs inputs = new TrainingInputs(
                snapshot.id(),
                snapshot.manifestSha256(),
                driftVerdicts.latest(snapshot.id()),
                EmbeddingSetInput.current(artifacts, store, config.coldItems().enabled()),
                retrainRequests.open());
        return new Planned(inputs, snapshot, types, primary);
    }

    /** The last run trained on this snapshot and this embedding content. */
    @Override
    public boolean unchanged(Planned planned, PipelineRun last) {
        return planned.inputs().unchangedSince(last.inputVersions);
    }

    /** No drift verdict since the last run began asks for retraining, and no retrain request is open. */
    @Override
    public boolean stillValid(StageContext ctx, Planned planned, PipelineRun last) {
        return !planned.inputs().retrainAskedSince(last.startedAt);
    }

    @Override
    public String skipMessage(StageContext ctx, Planned planned, PipelineRun last) {
        return (ctx.dryRun() ? "dry run: would skip: " : "") + planned.inputs().skipMessage();
    }

    @Override
    public StageResult execute(StageContext ctx, Planned planned, Optional<PipelineRun> last) throws Exception {
        List<ModelType> types = planned.types();
        String primary = planned.primary();
        ArtifactRecord snapshot = planned.snapshot();
        Path snapshotDir = Path.of(snapshot.path());
        TrainingDecision decision = TrainingDecision.decide(planned.inputs(), last, ctx.force());
        Map<String, Object> inputs = planned.asLedgerMap();

        TrainingData data = TrainingData.load(snapshotDir, snapshot.id());
        if (data.testPositives().nnz() == 0) {
            throw new StageFailure("snapshot " + snapshot.id() + " has no positive test interaction to evaluate on");
        }
        Optional<ModelVersion> champion = models.champion();
        boolean warm = ctx.options().flag("warm-start") || config.warmStart().enabled();
        if (ctx.dryRun()) {
            return plan(ctx, decision, inputs, types, data, champion, warm, primary);
        }
        int threads = config.threads().orElse(Runtime.getRuntime().availableProcessors());
        int[] ks = config.evaluation().kValues().stream()
                .mapToInt(Integer::intValue)
                .toArray();
        if (java.util.Arrays.stream(ks).noneMatch(k -> k == config.evaluation().primaryK())) {
            ks = java.util.Arrays.copyOf(ks, ks.length + 1);
            ks[ks.length - 1] = config.evaluation().primaryK();
        }
        Map<String, Object> baseline = evaluate(new PopularityScorer(data.confidence()), data, ks, threads);
        LOG.infof("popularity baseline on %s: %s = %.4f", snapshot.id(), primary, (Double) baseline.get(primary));

        ValidationSplit split = config.earlyStopping().enabled()
                ? ValidationSplit.carve(data, config.earlyStopping().validationShare(), config.seed())
                : null;

        List<ModelVersion> candidates = new ArrayList<>();
        Map<String, Object> runMetrics = new LinkedHashMap<>();
        runMetrics.put("baseline_" + primary, baseline.get(primary));
        for (ModelType type : types) {
            ctx.checkAlive();
            ModelVersion candidate =
                    trainOne(family(type), data, split, warm ? champion : Optional.empty(), baseline, ks, threads, ctx);
            candidates.add(candidate);
            runMetrics.put(type.name().toLowerCase(Locale.ROOT) + "_" + primary, candidate.metric(primary));
        }

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("candidates", candidates.stream().map(ModelVersion::id).toList());
        outputs.put("trained_because", decision.reasons());
        String message;
        if (ctx.options().flag("no-promote")) {
            message = "trained " + candidates.size() + " candidate(s); promotion skipped (--no-promote)";
        } else {
            message = promote(candidates, champion, baseline, data, primary, ks, threads, outputs);
        }
        // Honoured: the requests this run read at its start (one recorded since stays open for the next run).
        retrainRequests.consume(decision.requestIds(), ctx.runId());
        Object crowned = outputs.get("champion");
        boolean newChampion = crowned != null
                && !crowned.equals(champion.map(ModelVersion::id).orElse(null));
        return StageResult.succeeded(
                        message + "; trained because " + String.join(", ", decision.reasons()),
                        inputs,
                        outputs,
                        runMetrics)
                .signallingIf(newChampion, ChainSignal.CHAMPION_REGISTERED);
    }

    private static List<ModelType> modelTypes(String value) throws InvalidInvocationException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "als" -> List.of(ModelType.ALS);
            case "bpr" -> List.of(ModelType.BPR);
            case "both" -> List.of(ModelType.ALS, ModelType.BPR);
            default -> throw new InvalidInvocationException("--model must be als, bpr or both, got '" + value + "'");
        };
    }

    /** Trains, evaluates, publishes and registers one candidate of {@code family}. */
    private ModelVersion trainOne(
            ModelFamily family,
            TrainingData data,
            ValidationSplit split,
            Optional<ModelVersion> champion,
            Map<String, Object> baseline,
            int[] ks,
            int threads,
            StageContext ctx)
            throws Exception {
        ModelType type = family.type();
        ModelFamily.Prepared prepared = family.prepare(data, split, champion, threads);
        Map<String, Object> params = new TreeMap<>(prepared.params());
        params.put("iterations", prepared.iterations());
        params.put("warm_start_from", prepared.warmStartFrom());
        params.put("early_stopping", split != null);
        String key = data.snapshotId() + "." + type.name().toLowerCase(Locale.ROOT) + "." + hash(params, config.seed());
        Checkpoints checkpoints =
                new Checkpoints(store, key, config.checkpoints().keep());
        long started = System.nanoTime();
        TrainingLoop.Outcome outcome = runLoop(type, prepared, split, checkpoints, threads, ctx);
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!outcome.users().allFinite() || !outcome.items().allFinite()) {
            throw new StageFailure(type + " training diverged (non-finite factors); lower the learning rate or raise "
                    + "the regularisation");
        }
        Map<String, Object> metrics = evaluate(new FactorScorer(outcome.users(), outcome.items()), data, ks, threads);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("iterations_run", outcome.iterationsRun());
        training.put("stopped_early", outcome.stoppedEarly());
        training.put("best_iteration", outcome.bestIteration());
        training.put("best_validation_recall@10", outcome.bestValidation());
        training.put("resumed_from_iteration", outcome.resumedFrom());
        training.put("seconds", seconds);
        ModelVersion v = publish(type, data, outcome, params, training, metrics, baseline, ctx);
        checkpoints.clear();
        LOG.infof("%s published as %s: %s", type, v.id(), metrics);
        return v;
    }

    /** The iterations, with early stopping on the validation split, checkpoints and a per-iteration record. */
    private TrainingLoop.Outcome runLoop(
            ModelType type,
            ModelFamily.Prepared prepared,
            ValidationSplit split,
            Checkpoints checkpoints,
            int threads,
            StageContext ctx)
            throws Exception {
        TrainingLoop.Validation validation = split == null
                ? null
                : new TrainingLoop.Validation(
                        split.confidence(), split.validation(), 10, Math.max(1, prepared.evaluateEvery()));
        EarlyStopping es = split == null
                ? null
                : new EarlyStopping(
                        config.earlyStopping().patience(),
                        config.earlyStopping().minDelta());
        try (IterativeModel m = prepared.model()) {
            return new TrainingLoop(threads)
                    .run(
                            m,
                            prepared.iterations(),
                            validation,
                            es,
                            checkpoints,
                            config.checkpoints().every(),
                            r -> {
                                models.recordIteration(
                                        ctx.runId(), type, r.iteration(), r.loss(), r.validationMetric(), r.seconds());
                                LOG.infof(
                                        "%s iteration %d: loss %s, validation recall@10 %s, %.2f s",
                                        type,
                                        r.iteration(),
                                        r.loss() == null ? "-" : String.format(Locale.ROOT, "%.6f", r.loss()),
                                        r.validationMetric() == null
                                                ? "-"
                                                : String.format(Locale.ROOT, "%.4f", r.validationMetric()),
                                        r.seconds());
                            },
                            () -> {
                                ctx.checkAlive();
                                return true;
                            });
        }
    }

    /** Writes the model (with its card) into the store and registers it as a CANDIDATE. */
    private ModelVersion publish(
            ModelType type,
            TrainingData data,
            TrainingLoop.Outcome outcome,
            Map<String, Object> params,
            Map<String, Object> training,
            Map<String, Object> metrics,
            Map<String, Object> baseline,
            StageContext ctx)
            throws Exception {
        long seed = config.seed();
        String id = type.name().toLowerCase(Locale.ROOT) + "-" + ID_STAMP.format(Instant.now()) + "-"
                + ctx.runId().toString().substring(0, 8);
        Map<String, Object> provenance = provenance(ctx, data);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("model_id", id);
        card.put("model_type", type.name());
        card.put("data_snapshot", data.snapshotId());
        card.put("params", params);
        card.put("seed", seed);
        card.put("training", training);
        card.put("metrics", metrics);
        card.put("baseline_metrics", baseline);
        card.put("provenance", provenance);
        Manifest manifest = store.publish(
                MODELS_AREA,
                id,
                provenance,
                dir -> ModelArtifact.write(
                        dir,
                        new ModelContent(
                                outcome.users(),
                                outcome.items(),
                                data.userIds(),
                                data.itemIds(),
                                data.coldStartUsers(),
                                data.confidence(),
                                data.confidence().columnCounts(),
                                card)));
        Path dir = store.area(MODELS_AREA).resolve(id);
        Map<String, Object> registered = new LinkedHashMap<>(params);
        registered.putAll(training);
        ModelVersion v = new ModelVersion(
                id,
                type,
                ModelState.CANDIDATE,
                data.snapshotId(),
                registered,
                seed,
                metrics,
                baseline,
                provenance,
                dir.toString(),
                store.manifestDigest(dir),
                "trained",
                ctx.runId(),
                manifest.createdAt(),
                manifest.createdAt());
        models.register(v);
        return v;
    }

    /**
     * A dry run's answer: the decision a real run would act on and what it would do, from reading
     * the snapshot alone (no model is trained, nothing is written, no request is consumed).
     */
    private StageResult plan(
            StageContext ctx,
            TrainingDecision decision,
            Map<String, Object> inputs,
            List<ModelType> types,
            TrainingData data,
            Optional<ModelVersion> champion,
            boolean warm,
            String primary) {
        List<String> names =
                types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList();
        // Warm start copies the champion's rows into a model of the champion's type only.
        Map<String, Object> warmFrom = new LinkedHashMap<>();
        for (ModelType t : types) {
            warmFrom.put(
                    t.name().toLowerCase(Locale.ROOT),
                    !warm
                            ? "off (random start)"
                            : champion.filter(c -> c.type() == t)
                                    .map(ModelVersion::id)
                                    .orElse("random start (no champion of this type)"));
        }
        String promotion = ctx.options().flag("no-promote")
                ? "skipped (--no-promote)"
                : "best candidate by " + primary + " against the popularity baseline"
                        + champion.map(c -> " and champion " + c.id()).orElse(" (no champion yet)");
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("would_train", names);
        outputs.put("reasons", decision.reasons());
        outputs.put("retrain_requests_to_honour", decision.requestIds());
        outputs.put("warm_start_from", warmFrom);
        outputs.put("promotion", promotion);
        outputs.put("users", data.userIds().size());
        outputs.put("items", data.itemIds().size());
        outputs.put("train_interactions", data.confidence().nnz());
        outputs.put("test_positives", data.testPositives().nnz());
        return StageResult.succeeded(
                "dry run: would train " + String.join(" and ", names) + " on snapshot "
                        + data.snapshotId() + " (" + data.userIds().size() + " users, "
                        + data.itemIds().size() + " items) because "
                        + String.join(", ", decision.reasons()) + "; promotion: " + promotion + "; nothing written",
                inputs,
                outputs,
                Map.of());
    }

    private String promote(
            List<ModelVersion> candidates,
            Optional<ModelVersion> champion,
            Map<String, Object> baseline,
            TrainingData data,
            String primary,
            int[] ks,
            int threads,
            Map<String, Object> outputs)
            throws Exception {
        ModelVersion best = candidates.stream()
                .max(Comparator.comparingDouble(v -> v.metric(primary)))
                .orElseThrow();
        for (ModelVersion other : candidates) {
            if (!other.id().equals(best.id())) {
                models.transition(
                        other.id(),
                        ModelState.REJECTED,
                        String.format(
                                Locale.ROOT,
                                "lost to %s (%s %.4f vs %.4f)",
                                best.id(),
                                primary,
                                other.metric(primary),
                                best.metric(primary)));
            }
        }
        double score = best.metric(primary);
        double base = ((Number) baseline.get(primary)).doubleValue();
        outputs.put("best_candidate", best.id());
        if (score < base) {
            alerts.send(new Alert(
                    Severity.WARNING,
                    NAME,
                    "Model below popularity baseline",
                    String.format(
                            Locale.ROOT,
                            "best candidate %s has %s %.4f, below the popularity baseline %.4f on snapshot %s",
                            best.id(),
                            primary,
                            score,
                            base,
                            data.snapshotId())));
        }
        Double championScore = null;
        if (champion.isPresent()) {
            Map<String, Object> rescored = reevaluate(champion.get(), data, ks, threads);
            championScore = ((Number) rescored.get(primary)).doubleValue();
            outputs.put("champion_" + primary + "_on_this_snapshot", championScore);
            double drop =
                    alertOnDegradation(champion.get(), primary, championScore, rescored.get("users_evaluated"), data);
            if (drop > 0) {
                outputs.put("champion_degradation", drop);
            }
        }
        PromotionGate.Decision d = new PromotionGate(
                        config.promotion().minGainOverBaseline(),
                        config.promotion().minGainOverChampion())
                .decide(primary, score, base, championScore);
        outputs.put("decision", d.verdict().name().toLowerCase(Locale.ROOT));
        if (d.verdict() != PromotionGate.Verdict.PROMOTE) {
            models.transition(best.id(), ModelState.REJECTED, d.reason());
            champion.ifPresent(c -> outputs.put("champion", c.id()));
            return "no promotion: " + best.id() + " " + d.reason();
        }
        models.crown(best.id(), d.reason());
        outputs.put("champion", best.id());
        return "new champion " + best.id() + ": " + d.reason();
    }

    /**
     * The seed's "model degradation": the champion scoring on new data far below the metric it was
     * registered with. Only judged on enough test users (a small split is noise) and when the
     * champion was registered with this metric (the primary metric may have been changed since).
     */
    /** @return the drop when it raised the alert, else 0 */
    private double alertOnDegradation(
            ModelVersion champion, String primary, double now, Object usersEvaluated, TrainingData data) {
        int users = usersEvaluated instanceof Number n ? n.intValue() : 0;
        if (!(champion.metrics().get(primary) instanceof Number registered)
                || users < config.promotion().degradationMinUsers()) {
            return 0;
        }
        double drop = PromotionGate.relativeDrop(registered.doubleValue(), now);
        if (drop > config.promotion().degradationAlert()) {
            alerts.send(new Alert(
                    Severity.CRITICAL,
                    NAME,
                    "Model degradation: " + champion.id(),
                    String.format(
                            Locale.ROOT,
                            "champion %s scores %s %.4f on snapshot %s (%d test users), %.0f%% below"
                                    + " the %.4f it was registered with (alert above %.0f%%)",
                            champion.id(),
                            primary,
                            now,
                            data.snapshotId(),
                            users,
                            100 * drop,
                            registered.doubleValue(),
                            100 * config.promotion().degradationAlert())));
            return drop;
        }
        return 0;
    }

    /** The champion scored on today's test split, users and items matched by id. */
    private Map<String, Object> reevaluate(ModelVersion champion, TrainingData data, int[] ks, int threads)
            throws Exception {
        Path dir = Path.of(champion.artifactPath());
        store.verify(dir);
        ModelContent old = ModelArtifact.read(dir);
        int[] popularity = data.confidence().columnCounts();
        float[] pop = new float[popularity.length];
        for (int i = 0; i < pop.length; i++) {
            pop[i] = popularity[i];
        }
        ItemScorer scorer = new MappedFactorScorer(
                old.users(),
                old.items(),
                ModelArtifact.rowsOf(data.userIds(), old.userIds()),
                ModelArtifact.rowsOf(data.itemIds(), old.itemIds()),
                pop);
        return evaluate(scorer, data, ks, threads);
    }

    private static Map<String, Object> evaluate(ItemScorer scorer, TrainingData data, int[] ks, int threads) {
        RankingEvaluator.Result r =
                RankingEvaluator.evaluate(scorer, data.confidence(), data.testPositives(), ks, threads);
        Map<String, Object> m = new LinkedHashMap<>(r.metrics());
        m.put("users_evaluated", r.usersEvaluated());
        return m;
    }

    private Map<String, Object> provenance(StageContext ctx, TrainingData data) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("data_snapshot", data.snapshotId());
        p.put("run_id", ctx.runId().toString());
        p.put("git_commit", gitCommit.current());
        p.put("recsys_version", version);
        p.put("java_version", System.getProperty("java.version"));
        p.put("created_at", Instant.now().toString());
        return p;
    }

    private static String hash(Map<String, Object> params, long seed) {
        return Digests.sha256Hex(params + "|" + seed).substring(0, 12);
    }
}
