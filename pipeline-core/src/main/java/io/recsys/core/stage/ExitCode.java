package io.recsys.core.stage;

/** Exit codes of {@code run-once}, the contract with the Kubernetes CronJob (see ARCHITECTURE.md). */
public enum ExitCode {
    /** Succeeded, or skipped because the inputs are unchanged. */
    OK(0),
    /** Bad invocation or configuration. */
    BAD_INVOCATION(2),
    /** The work said no; the Job's podFailurePolicy fails it at once. */
    BUSINESS_FAILURE(3),
    /** Infrastructure error; backoffLimit retries the Job. */
    INFRASTRUCTURE_ERROR(4),
    /** Another run holds the stage's lease. */
    LEASE_HELD(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
