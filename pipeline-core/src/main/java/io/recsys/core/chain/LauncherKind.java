package io.recsys.core.chain;

/** How a chained run is started, per environment ({@code recsys.chain.launcher}). */
public enum LauncherKind {
    /** No chain: every stage waits for its schedule (a service started by hand, tests). */
    NONE,
    /**
     * The local runner ({@code pipeline-local}) starts the next stage's process: the finishing run
     * records the link and prints it ({@code chain: start STAGE --parent-run RUN}).
     */
    LOCAL,
    /** A Job created from the downstream stage's CronJob through the Kubernetes API. */
    KUBERNETES
}
