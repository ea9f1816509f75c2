package io.recsys.core.chain;

/**
 * pipeline-local's way: the link is recorded and {@code run-once} prints it as
 * {@code chain: start STAGE --parent-run RUN}; the local runner, which started this process, starts
 * the next one (the same service jars and arguments as its schedule).
 */
public final class LocalLauncher implements ChainLauncher {
    /** The line prefix pipeline-local reads. */
    public static final String LINE = "chain: start ";

    /** How a link it started is recorded ({@code chain_links.launched_as}). */
    public static final String LAUNCHED_AS = "local";

    @Override
    public String launch(ChainLink link) {
        return LAUNCHED_AS;
    }

    /** What run-once prints for a started link. */
    public static String line(ChainLink link) {
        return LINE + link.toStage() + " --parent-run " + link.parentRunId();
    }
}
