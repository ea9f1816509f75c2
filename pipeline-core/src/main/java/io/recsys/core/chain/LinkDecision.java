package io.recsys.core.chain;

/** What became of an edge that fired, as recorded in {@code chain_links}. Persisted by name. */
public enum LinkDecision {
    /** The downstream run was asked for: a Job created from its CronJob, or a local process. */
    STARTED,
    /** The same edge started a run less than its cool-down ago. */
    COOLING_DOWN,
    /** The downstream stage was already running: that run (or the next scheduled one) covers the work. */
    ABSORBED,
    /** The downstream stage is not deployed here (the chart has no CronJob for it): the edge is inert. */
    STAGE_OFF,
    /** The chain is already {@code recsys.chain.max-depth} runs long. */
    TOO_DEEP,
    /** The downstream stage already ran earlier in this chain. */
    LOOP,
    /** Asking for the run failed (the Kubernetes API refused, no CronJob): alerted, the schedule catches up. */
    LAUNCH_FAILED
}
