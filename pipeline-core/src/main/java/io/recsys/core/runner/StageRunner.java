package io.recsys.core.runner;

import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.chain.ChainLink;
import io.recsys.core.chain.ChainLinks;
import io.recsys.core.chain.ChainReaction;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.lease.Lease;
import io.recsys.core.lease.LeaseGrant;
import io.recsys.core.lease.LeaseKeeper;
import io.recsys.core.lease.LeaseService;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.metrics.PushgatewayPublisher;
import io.recsys.core.metrics.StageMetrics;
import io.recsys.core.stage.CachedStage;
import io.recsys.core.stage.ConfigurationError;
import io.recsys.core.stage.DryRun;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.LeaseHeldException;
import io.recsys.core.stage.LeaseLostException;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageInputs;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.StageResult;
import io.recsys.core.stage.Trigger;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The one launcher around every stage: insert the run row, take the lease, execute with retries,
 * record outputs and metrics, alert, write the error report, and finish the row in {@code finally}.
 * The outcome counts as FAILED until the stage proves otherwise.
 *
 * <p>A dry run is the same launch with every side effect the runner owns left out: no lease, no
 * abandoned-run sweep, no run log file, no error report, no alert sent (the {@link AlertService}
 * only logs what it would send while {@link DryRun} marks the thread), no success metric. What is left
 * is its own run row, marked {@code dry_run}, which never counts as a success of the stage.
 */
@ApplicationScoped
public class StageRunner {
    private static final Logger LOG = Logger.getLogger(StageRunner.class);

    private final PipelineConfig config;
    private final RunLedger ledger;
    private final LeaseService leases;
    private final AlertService alerts;
    private final StageMetrics metrics;
    private final PushgatewayPublisher pushgateway;
    private final InstanceIdentity identity;
    private final ErrorReportWriter errorReports;
    private final ChainReaction chain;
    private final ChainLinks chainLinks;
    private final Map<String, TypedGuard<StageResult>> guards = new ConcurrentHashMap<>();

    public StageRunner(
            PipelineConfig config,
            RunLedger ledger,
            LeaseService leases,
            AlertService alerts,
            StageMetrics metrics,
            PushgatewayPublisher pushgateway,
            InstanceIdentity identity,
            ChainReaction chain,
            ChainLinks chainLinks) {
        this.config = config;
        this.ledger = ledger;
        this.leases = leases;
        this.alerts = alerts;
        this.metrics = metrics;
        this.pushgateway = pushgateway;
        this.identity = identity;
        this.errorReports = new ErrorReportWriter(config.home());
        this.chain = chain;
        this.chainLinks = chainLinks;
    }

    /**
     * Records the run and takes the stage's lease. Throws when another live run holds it; that
     * attempt is recorded as CANCELLED with the holder's run id.
     */
    public RunHandle open(Stage stage, Trigger trigger, StageOptions options) throws LeaseHeldException, SQLException {
        if (options.dryRun() && !stage.supportsDryRun()) {
            // The option parsers refuse this with exit 2 / 400 already; this guards programmatic callers.
            throw new IllegalArgumentException("stage " + stage.name() + " does not support --dry-run");
        }
        UUID runId = ledger.start(
                stage.name(),
                trigger,
                identity.id(),
                options.asMap(),
                options.dryRun(),
                options.parentRunId().orElse(null));
        if (options.dryRun()) {
            return new RunHandle(runId, stage, trigger, options, Optional.empty());
        }
        Optional<LeaseGrant> grant;
        try {
            grant = leases.tryAcquire(
                    stage.name(), identity.id(), runId, config.lease().ttl());
        } catch (SQLException | RuntimeException e) {
            finishQuietly(runId, RunStatus.ERROR, "could not take the lease: " + e.getMessage(), Map.of(), null, 1);
            throw e;
        }
        if (grant.isEmpty()) {
            UUID holder = leases.holder(stage.name()).map(Lease::runId).orElse(null);
            if (options.parentRunId().isPresent()
                    && absorb(options.parentRunId().get(), stage.name(), runId, holder)) {
                throw new LeaseHeldException(stage.name(), runId, holder, true);
            }
            finishQuietly(
                    runId, RunStatus.CANCELLED, "not started: run " + holder + " holds the lease", Map.of(), null, 1);
            throw new LeaseHeldException(stage.name(), runId, holder);
        }
        if (options.parentRunId().isPresent()) {
            attachToChain(options.parentRunId().get(), stage.name(), runId);
        }
        Optional<UUID> previous = grant.get().previousRunId();
        if (previous.isPresent() && ledger.markAbandoned(stage.name(), previous.get(), runId)) {
            LOG.warnf(
                    "run=%s marked the abandoned %s run %s ERROR (its lease had expired)",
                    runId, stage.name(), previous.get());
        }
        return new RunHandle(
                runId, stage, trigger, options, Optional.of(grant.get().lease()));
    }

    /** Opens and executes in the calling thread. */
    public RunOutcome run(Stage stage, Trigger trigger, StageOptions options) throws LeaseHeldException, SQLException {
        return execute(open(stage, trigger, options));
    }

    public RunOutcome execute(RunHandle handle) {
        Stage stage = handle.stage();
        String name = stage.name();
        UUID runId = handle.runId();
        boolean dryRun = handle.options().dryRun();
        MDC.put("run", runId.toString());
        MDC.put("stage", name);
        if (dryRun) {
            DryRun.enter();
        }
        Instant started = Instant.now();
        RunLog runLog = dryRun ? null : openRunLog(name, runId, started);
        RunStatus status = RunStatus.FAILED;
        String message = null;
        StageResult result = null;
        Throwable error = null;
        Path errorReport = null;
        List<ChainLink> chained = List.of();
        AtomicInteger attempt = new AtomicInteger(1);
        LeaseKeeper keeper = handle.lease()
                .map(l -> new LeaseKeeper(
                        leases, l, config.lease().ttl(), config.lease().renewEvery()))
                .orElse(null);
        BooleanSupplier leaseHeld = keeper == null ? () -> true : keeper::held;
        try {
            LOG.infof(
                    "stage=%s trigger=%s options=%s started",
                    name, handle.trigger(), handle.options().asMap());
            result = callWithRetry(
                    name,
                    attempt,
                    () -> executeOrSkip(
                            stage,
                            new StageContext(
                                    runId,
                                    name,
                                    handle.trigger(),
                                    handle.options(),
                                    config.home(),
                                    attempt.get(),
                                    leaseHeld)));
            if (!leaseHeld.getAsBoolean()) {
                throw new LeaseLostException("run " + runId + " lost its lease before finishing");
            }
            status = result.status();
            message = result.message();
        } catch (StageFailure f) {
            status = RunStatus.FAILED;
            error = f;
            message = f.getMessage();
        } catch (Throwable t) {
            status = RunStatus.ERROR;
            error = t;
            message = t.getClass().getSimpleName() + ": " + t.getMessage();
        } finally {
            try {
                if (keeper != null) {
                    keeper.close();
                }
                if (error != null && !dryRun) {
                    try {
                        errorReport = errorReports.write(
                                name,
                                runId,
                                identity.id(),
                                attempt.get(),
                                handle.options().asMap(),
                                error);
                    } catch (Exception e) {
                        LOG.errorf("could not write the error report: %s", e.getMessage());
                    }
                }
                if (error != null) {
                    logFailure(name, status, dryRun, message, error);
                }
                finishQuietly(runId, status, message, result, error, errorReport, attempt.get());
                Instant finished = Instant.now();
                if (!dryRun) {
                    metrics.recordRun(name, status, Duration.between(started, finished), finished);
                    alertOutcome(name, status, message, error, errorReport, handle.options());
                    if (handle.options().chain() && result != null) {
                        chained = follow(runId, name, handle.trigger(), status, result);
                    }
                    try {
                        leases.release(handle.lease().get());
                    } catch (Exception e) {
                        LOG.warnf("run=%s could not release the lease (it will expire): %s", runId, e.getMessage());
                    }
                    if (handle.trigger() == Trigger.CLI) {
                        pushgateway.push(name, identity.id());
                    }
                }
                LOG.infof(
                        "stage=%s finished %s%s in %d ms: %s",
                        name,
                        status,
                        dryRun ? " (dry run)" : "",
                        Duration.between(started, finished).toMillis(),
                        message);
            } finally {
                // Whatever happened above, the run's log handler and MDC must not outlive the run.
                if (runLog != null) {
                    runLog.close();
                }
                MDC.remove("run");
                MDC.remove("stage");
                DryRun.leave();
            }
        }
        return new RunOutcome(
                runId,
                name,
                status,
                exitCode(status, error),
                message,
                result == null ? Map.of() : result.outputs(),
                errorReport,
                error instanceof StageFailure f ? f.details() : List.of(),
                chained);
    }

    /**
     * The downstream runs this one starts (the edges that fire on its outcome); a chain that cannot
     * be followed is logged, never a failure of the run that finished.
     */
    private List<ChainLink> follow(UUID runId, String stage, Trigger trigger, RunStatus status, StageResult result) {
        try {
            List<ChainLink> links = chain.follow(runId, stage, trigger, status, result.signals());
            links.forEach(l -> LOG.infof("stage=%s chain: %s", stage, l.describe()));
            return links;
        } catch (Exception e) {
            LOG.errorf(e, "run=%s: the chain could not be followed; the schedule runs the next stages", runId);
            return List.of();
        }
    }

    /**
     * A chained run that meets its stage's lease (a scheduled run, or another edge's run, got there
     * first): its link becomes ABSORBED by the holder, and the run is CANCELLED with exit 0 — the
     * work is being done, a retry or a failed Job would only repeat it. False when the run took no
     * link (a parent named by hand): then it is an ordinary lease miss.
     */
    private boolean absorb(UUID parentRunId, String stage, UUID runId, UUID holder) {
        String why = "absorbed: run " + holder + " of " + stage + " holds the lease and covers what run " + parentRunId
                + " asked for";
        try {
            if (holder == null || !chainLinks.absorb(parentRunId, stage, holder, why)) {
                return false;
            }
            ledger.finish(
                    runId,
                    new RunLedger.Completion(
                            RunStatus.CANCELLED, ExitCode.OK, why, Map.of(), Map.of(), Map.of(), null, null, 1));
            LOG.infof("run=%s %s", runId, why);
            return true;
        } catch (Exception e) {
            LOG.warnf("run=%s could not record its absorption: %s", runId, e.getMessage());
            return false;
        }
    }

    /** A run started by a chain link names itself in the link (the lineage is its parent_run_id already). */
    private void attachToChain(UUID parentRunId, String stage, UUID runId) {
        try {
            chainLinks.attachChild(parentRunId, stage, runId);
        } catch (Exception e) {
            LOG.warnf("run=%s could not name itself in its chain link: %s", runId, e.getMessage());
        }
    }

    /**
     * The one skip rule: a {@link CachedStage} whose current output was made from this run's inputs
     * (and that the stage still accepts) is SKIPPED with those inputs and no outputs or metrics;
     * {@code --force} always executes. Inside the retried action: reading the inputs may hit the
     * same transient failures as the work.
     */
    static StageResult executeOrSkip(Stage stage, StageContext ctx) throws Exception {
        if (!(stage instanceof CachedStage<?, ?> cached) || ctx.force()) {
            return stage.execute(ctx);
        }
        return executeOrSkip(cached, ctx);
    }

    private static <I extends StageInputs, C> StageResult executeOrSkip(CachedStage<I, C> stage, StageContext ctx)
            throws Exception {
        Optional<C> current = stage.current(ctx);
        I inputs = stage.inputs(ctx, current);
        if (current.isPresent()
                && stage.unchanged(inputs, current.get())
                && stage.stillValid(ctx, inputs, current.get())) {
            return StageResult.skipped(stage.skipMessage(ctx, inputs, current.get()), inputs.asLedgerMap());
        }
        return stage.execute(ctx, inputs, current);
    }

    /**
     * An expected rejection (bad input, a quality gate, a configuration error) is one WARN line
     * with its details; a stack trace is kept for what may be a bug or a broken infrastructure.
     */
    private static void logFailure(String stage, RunStatus status, boolean dryRun, String message, Throwable error) {
        String what = dryRun ? "dry run " + status : status.name();
        if (error instanceof StageFailure f) {
            LOG.warnf(
                    "stage=%s %s: %s%s",
                    stage, what, message, f.details().isEmpty() ? "" : " | " + String.join(" | ", f.details()));
        } else if (error instanceof InvalidInvocationException) {
            LOG.warnf("stage=%s %s: %s", stage, what, message);
        } else {
            LOG.errorf(error, "stage=%s %s: %s", stage, what, message);
        }
    }

    /** The run's own log file, or null when it cannot be written (a run never fails for its log). */
    private RunLog openRunLog(String stage, UUID runId, Instant started) {
        try {
            RunLog log = RunLog.open(config.home(), stage, runId, started);
            LOG.infof("stage=%s run log %s", stage, log.file());
            return log;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("stage=%s no run log file: %s", stage, e.toString());
            return null;
        }
    }

    private static ExitCode exitCode(RunStatus status, Throwable error) {
        // Options a stage can only judge once it runs (e.g. two that exclude each other) are still the caller's
        // mistake.
        return error instanceof ConfigurationError || error instanceof InvalidInvocationException
                ? ExitCode.BAD_INVOCATION
                : status.exitCode();
    }

    /** Runs the action under the stage's retry policy, counting attempts. */
    private StageResult callWithRetry(String stage, AtomicInteger attempt, Callable<StageResult> action)
            throws Exception {
        // One guard per stage: retry settings can differ per stage.
        TypedGuard<StageResult> guard = guards.computeIfAbsent(stage, this::buildGuard);
        AtomicBoolean first = new AtomicBoolean(true);
        return guard.call(() -> {
            if (!first.getAndSet(false)) {
                attempt.incrementAndGet();
                LOG.warnf("stage=%s retrying after a transient failure, attempt %d", stage, attempt.get());
            }
            return action.call();
        });
    }

    private TypedGuard<StageResult> buildGuard(String stage) {
        PipelineConfig.Retry defaults = config.retry();
        Optional<PipelineConfig.RetryOverride> o =
                Optional.ofNullable(config.stages().get(stage)).flatMap(PipelineConfig.StageSettings::retry);
        int maxRetries = o.flatMap(PipelineConfig.RetryOverride::maxRetries).orElse(defaults.maxRetries());
        Duration delay = o.flatMap(PipelineConfig.RetryOverride::initialDelay).orElse(defaults.initialDelay());
        int factor = o.flatMap(PipelineConfig.RetryOverride::factor).orElse(defaults.factor());
        Duration maxDelay = o.flatMap(PipelineConfig.RetryOverride::maxDelay).orElse(defaults.maxDelay());
        return TypedGuard.create(StageResult.class)
                .withRetry()
                .maxRetries(maxRetries)
                .delay(delay.toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(Duration.ofDays(1).toMillis(), ChronoUnit.MILLIS)
                .abortOn(List.of(
                        StageFailure.class,
                        LeaseLostException.class,
                        InvalidInvocationException.class,
                        InterruptedException.class,
                        Error.class))
                .withExponentialBackoff()
                .factor(Math.max(1, factor))
                .maxDelay(maxDelay.toMillis(), ChronoUnit.MILLIS)
                .done()
                .done()
                .build();
    }

    private void alertOutcome(
            String stage, RunStatus status, String message, Throwable error, Path errorReport, StageOptions options) {
        try {
            switch (status) {
                case SUCCEEDED ->
                    alerts.send(new Alert(
                            Severity.INFO, stage, "Pipeline " + stage + " succeeded", String.valueOf(message)));
                case FAILED, ERROR -> {
                    StringBuilder body = new StringBuilder("Stage: ")
                            .append(stage)
                            .append("\nStatus: ")
                            .append(status)
                            .append("\nError: ")
                            .append(message);
                    if (error instanceof StageFailure f && !f.details().isEmpty()) {
                        body.append("\nDetails:\n  ").append(String.join("\n  ", f.details()));
                    }
                    options.parentRunId()
                            .ifPresent(p -> body.append("\nChain: started on behalf of run ")
                                    .append(p)
                                    .append("; the chain stops here"));
                    alerts.send(new Alert(Severity.CRITICAL, stage, "Pipeline Failure: " + stage, body.toString()));
                }
                default -> {
                    // SKIPPED and CANCELLED are routine.
                }
            }
        } catch (Exception e) {
            LOG.warnf("alerting failed for stage %s: %s", stage, e.getMessage());
        }
    }

    private void finishQuietly(
            UUID runId,
            RunStatus status,
            String message,
            StageResult result,
            Throwable error,
            Path errorReport,
            int attempt) {
        Map<String, Object> inputs = result == null ? Map.of() : result.inputVersions();
        Map<String, Object> outputs = result == null ? Map.of() : result.outputs();
        Map<String, Object> runMetrics = result == null ? Map.of() : new LinkedHashMap<>(result.metrics());
        try {
            ledger.finish(
                    runId,
                    new RunLedger.Completion(
                            status,
                            exitCode(status, error),
                            message,
                            inputs,
                            outputs,
                            runMetrics,
                            error == null ? null : String.valueOf(error.getMessage()),
                            errorReport == null ? null : errorReport.toString(),
                            attempt));
        } catch (Exception e) {
            LOG.errorf(
                    "run=%s could not be finished in the ledger (it will be swept as abandoned): %s",
                    runId, e.getMessage());
        }
    }

    private void finishQuietly(
            UUID runId, RunStatus status, String message, Map<String, Object> outputs, Throwable error, int attempt) {
        finishQuietly(runId, status, message, null, error, null, attempt);
    }
}
