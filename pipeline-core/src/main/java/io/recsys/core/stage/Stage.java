package io.recsys.core.stage;

import java.util.List;

/**
 * One unit of pipeline work (data refresh, training, ...). It holds the domain work only: the
 * {@link io.recsys.core.runner.StageRunner} records the run, takes the lease, retries, alerts
 * and reports around it, the same way for every stage.
 */
public interface Stage {

    /** Stable name used in the ledger, the lease, metrics tags and the CLI, e.g. {@code data-refresh}. */
    String name();

    /** The stage-specific options accepted after {@code run-once} (besides --force and --dry-run). */
    default List<StageOption> options() {
        return List.of();
    }

    /**
     * Whether {@link #execute} honours {@link StageContext#dryRun()}: computes and reports what it
     * would do and writes nothing to the volume or the database. Deliberately without a default, so
     * a new stage has to decide; the runner refuses {@code --dry-run} (exit 2) for a stage that says no.
     */
    boolean supportsDryRun();

    /**
     * Does the work. Throw {@link StageFailure} when the work itself says no (bad data, a quality
     * gate): retrying will not help. Any other exception is treated as an infrastructure error and
     * may be retried.
     */
    StageResult execute(StageContext context) throws Exception;
}
