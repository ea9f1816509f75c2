package io.recsys.core.stage;

/** The states of a run, persisted by name. Only RUNNING is not final. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    /** Inputs unchanged since the last successful run: nothing to do. */
    SKIPPED,
    /** The work said no (validation, quality gate). Not retried. */
    FAILED,
    /** The infrastructure broke, or the process died (its lease expired). */
    ERROR,
    /** Never executed: another run held the lease, or the run was stopped. */
    CANCELLED;

    public boolean isFinal() {
        return this != RUNNING;
    }

    public boolean isSuccess() {
        return this == SUCCEEDED || this == SKIPPED;
    }

    /** The process exit code of a one-shot run that ended in this state. */
    public ExitCode exitCode() {
        return switch (this) {
            case SUCCEEDED, SKIPPED -> ExitCode.OK;
            case FAILED -> ExitCode.BUSINESS_FAILURE;
            case ERROR, RUNNING -> ExitCode.INFRASTRUCTURE_ERROR;
            case CANCELLED -> ExitCode.LEASE_HELD;
        };
    }
}
