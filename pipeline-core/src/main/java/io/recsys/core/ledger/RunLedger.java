package io.recsys.core.ledger;

import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Writes and queries the run ledger. Every method is its own transaction. */
@ApplicationScoped
public class RunLedger {
    private final EntityManager em;

    public RunLedger(EntityManager em) {
        this.em = em;
    }

    /** Inserts a RUNNING row of a real (not dry) run and returns its id. */
    public UUID start(String stage, Trigger trigger, String host, Map<String, Object> options) {
        return start(stage, trigger, host, options, false);
    }

    /** Inserts a RUNNING row and returns its id. */
    public UUID start(String stage, Trigger trigger, String host, Map<String, Object> options, boolean dryRun) {
        return start(stage, trigger, host, options, dryRun, null);
    }

    /** Inserts a RUNNING row, started on behalf of {@code parentRunId} (null: none), and returns its id. */
    @Transactional
    public UUID start(
            String stage, Trigger trigger, String host, Map<String, Object> options, boolean dryRun, UUID parentRunId) {
        PipelineRun run = new PipelineRun();
        run.id = UUID.randomUUID();
        run.stage = stage;
        run.trigger = trigger;
        run.status = RunStatus.RUNNING;
        run.startedAt = Instant.now();
        run.host = host;
        run.options = options;
        run.dryRun = dryRun;
        run.parentRunId = parentRunId;
        run.persist();
        return run.id;
    }

    /** Everything a run reports when it ends. */
    public record Completion(
            RunStatus status,
            ExitCode exitCode,
            String message,
            Map<String, Object> inputVersions,
            Map<String, Object> outputs,
            Map<String, Object> metrics,
            String errorMessage,
            String errorReportPath,
            int attempt) {}

    @Transactional
    public PipelineRun finish(UUID runId, Completion c) {
        PipelineRun run = PipelineRun.findById(runId);
        if (run == null) {
            throw new IllegalArgumentException("no run " + runId);
        }
        run.transitionTo(c.status(), Instant.now());
        run.exitCode = c.exitCode().code();
        run.message = c.message();
        run.inputVersions = c.inputVersions();
        run.outputs = c.outputs();
        run.metrics = c.metrics();
        run.errorMessage = c.errorMessage();
        run.errorReportPath = c.errorReportPath();
        run.attempt = c.attempt();
        return run;
    }

    /**
     * Marks the run that held the stage's lease before {@code currentRunId} took it over ERROR, if it
     * is still RUNNING: its lease expired, so its process is gone. Only that run: another RUNNING row
     * of the stage may be a contender that has just lost the lease race and is about to record
     * itself CANCELLED. Dry runs hold no lease and are never named here; a crashed one, and a run
     * killed before it took the lease, are left to the stale sweep.
     */
    @Transactional
    public boolean markAbandoned(String stage, UUID previousRunId, UUID currentRunId) {
        PipelineRun run = PipelineRun.findById(previousRunId);
        if (run == null || !run.stage.equals(stage) || run.status != RunStatus.RUNNING || run.dryRun) {
            return false;
        }
        run.transitionTo(RunStatus.ERROR, Instant.now());
        run.errorMessage = "abandoned: the process stopped renewing its lease (killed or crashed); run " + currentRunId
                + " took over";
        return true;
    }

    /** Marks RUNNING rows that started more than {@code olderThan} ago ERROR; returns how many. */
    @Transactional
    public int markStale(Duration olderThan) {
        List<PipelineRun> stale = PipelineRun.list(
                "status = ?1 and startedAt < ?2",
                RunStatus.RUNNING,
                Instant.now().minus(olderThan));
        Instant now = Instant.now();
        for (PipelineRun run : stale) {
            run.transitionTo(RunStatus.ERROR, now);
            run.errorMessage = "stale: still RUNNING after " + olderThan;
        }
        return stale.size();
    }

    /** How many rows {@link #markStale} would close now (for a dry run, which closes none). */
    @Transactional
    public int countStale(Duration olderThan) {
        return (int) PipelineRun.count(
                "status = ?1 and startedAt < ?2",
                RunStatus.RUNNING,
                Instant.now().minus(olderThan));
    }

    @Transactional
    public Optional<PipelineRun> find(UUID id) {
        return Optional.ofNullable(PipelineRun.findById(id));
    }

    /**
     * Refuses a parent run that is not in the ledger (exit 2 / 400), the one check for every way a
     * run names its parent; {@code how} says where it was named.
     */
    public void requireParent(StageOptions options, String how) throws InvalidInvocationException {
        Optional<UUID> parent = options.parentRunId();
        if (parent.isPresent() && find(parent.get()).isEmpty()) {
            throw new InvalidInvocationException("no run " + parent.get() + " to start this one on behalf of" + how);
        }
    }

    /** The runs started on behalf of {@code parentRunId}, oldest first. */
    @Transactional
    public List<PipelineRun> children(UUID parentRunId) {
        return PipelineRun.list("parentRunId = ?1 order by startedAt", parentRunId);
    }

    /** Most recent runs first; all stages when {@code stage} is null. */
    @Transactional
    public List<PipelineRun> recent(String stage, int limit) {
        var query = stage == null
                ? PipelineRun.<PipelineRun>find("order by startedAt desc")
                : PipelineRun.<PipelineRun>find("stage = ?1 order by startedAt desc", stage);
        return query.page(0, Math.max(1, limit)).list();
    }

    @Transactional
    public boolean isRunning(String stage) {
        return PipelineRun.count("stage = ?1 and status = ?2 and dryRun = false", stage, RunStatus.RUNNING) > 0;
    }

    /** The newest real run that succeeded or skipped; dry runs never count. */
    @Transactional
    public Optional<PipelineRun> lastSuccess(String stage) {
        return PipelineRun.<PipelineRun>find(
                        "stage = ?1 and status in ?2 and dryRun = false order by finishedAt desc",
                        stage,
                        List.of(RunStatus.SUCCEEDED, RunStatus.SKIPPED))
                .firstResultOptional();
    }

    /**
     * When a stage last did its work for real: the end of its newest success (a skip included: it
     * confirmed its inputs unchanged), a dry run not counting.
     */
    @Transactional
    public Optional<Instant> lastConfirmed(String stage) {
        return lastSuccess(stage).map(r -> r.finishedAt);
    }

    /** When the first run of any stage started: roughly when this pipeline was installed. */
    @Transactional
    public Optional<Instant> firstStartedAt() {
        return Optional.ofNullable(em.createQuery("select min(r.startedAt) from PipelineRun r", Instant.class)
                .getSingleResult());
    }

    /** Outcome counts, success rate and mean duration of finished real runs per stage over the last {@code days}. */
    @Transactional
    public List<StageStats> stats(int days) {
        Instant since = Instant.now().minus(Duration.ofDays(days));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createQuery(
                        "select r.stage, r.status, count(r), avg(r.durationMs) from PipelineRun r"
                                + " where r.startedAt >= :since and r.dryRun = false group by r.stage, r.status order by r.stage")
                .setParameter("since", since)
                .getResultList();
        List<StageStats> out = new ArrayList<>();
        String current = null;
        long[] counts = new long[RunStatus.values().length];
        double durationSum = 0;
        long durationCount = 0;
        for (Object[] row : rows) {
            String stage = (String) row[0];
            if (current != null && !current.equals(stage)) {
                out.add(toStats(current, counts, durationSum, durationCount));
                counts = new long[RunStatus.values().length];
                durationSum = 0;
                durationCount = 0;
            }
            current = stage;
            RunStatus status = (RunStatus) row[1];
            long n = (Long) row[2];
            counts[status.ordinal()] += n;
            if (status.isFinal() && status != RunStatus.CANCELLED && row[3] != null) {
                durationSum += ((Number) row[3]).doubleValue() * n;
                durationCount += n;
            }
        }
        if (current != null) {
            out.add(toStats(current, counts, durationSum, durationCount));
        }
        return out;
    }

    private static StageStats toStats(String stage, long[] c, double durationSumMs, long durationCount) {
        long succeeded = c[RunStatus.SUCCEEDED.ordinal()];
        long skipped = c[RunStatus.SKIPPED.ordinal()];
        long failed = c[RunStatus.FAILED.ordinal()];
        long error = c[RunStatus.ERROR.ordinal()];
        long cancelled = c[RunStatus.CANCELLED.ordinal()];
        long running = c[RunStatus.RUNNING.ordinal()];
        long total = succeeded + skipped + failed + error + cancelled + running;
        long decided = succeeded + skipped + failed + error;
        Double rate = decided == 0 ? null : (double) (succeeded + skipped) / decided;
        Double mean = durationCount == 0 ? null : durationSumMs / durationCount / 1000.0;
        return new StageStats(stage, total, succeeded, skipped, failed, error, cancelled, running, rate, mean);
    }
}
