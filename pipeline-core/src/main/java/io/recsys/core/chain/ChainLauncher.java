package io.recsys.core.chain;

/** Starts the downstream run of a STARTED link, one way per environment ({@link LauncherKind}). */
public interface ChainLauncher {

    /**
     * Asks for the run; the new run names {@code link.parentRunId()} as its parent.
     *
     * @return how it was started, recorded in the link: the Job's name, or {@code local}
     * @throws Exception when it could not be asked for (the link becomes LAUNCH_FAILED and alerts)
     */
    String launch(ChainLink link) throws Exception;

    /** Whether {@code stage} can be started here at all (a stage switched off in the chart has no CronJob). */
    default boolean runs(String stage) {
        return true;
    }
}
