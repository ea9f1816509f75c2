package io.recsys.core.stage;

import org.jboss.logging.MDC;

/**
 * Marks the thread of a dry run, so shared services a stage calls (alerts) hold back their side
 * effects without every stage having to remember it. The runner sets and clears the mark.
 */
public final class DryRun {
    /** The logging-context key; also shown in log lines as {@code dry_run=true}. */
    public static final String MDC_KEY = "dry_run";

    private DryRun() {
    }

    public static boolean active() {
        return "true".equals(String.valueOf(MDC.get(MDC_KEY)));
    }

    public static void enter() {
        MDC.put(MDC_KEY, "true");
    }

    public static void leave() {
        MDC.remove(MDC_KEY);
    }
}
