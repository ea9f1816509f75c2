package io.recsys.core.stage;

import org.jboss.logging.MDC;

/**
 * Marks the thread of a dry run, so shared services a stage calls (alerts) hold back their side
 * effects without every stage having to remember it. The runner sets and clears the mark.
 *
 * <p>The mark itself is a plain thread-local, not the logging context: the logging context is
 * copied into threads created while it is set, and a pool thread born during a dry run would then
 * hold back real alerts for the rest of its life. The logging context only carries it for log lines.
 */
public final class DryRun {
    /** The logging-context key: log lines of a dry run show {@code dry_run=true}. */
    public static final String MDC_KEY = "dry_run";

    private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

    private DryRun() {}

    public static boolean active() {
        return Boolean.TRUE.equals(ACTIVE.get());
    }

    public static void enter() {
        ACTIVE.set(Boolean.TRUE);
        MDC.put(MDC_KEY, "true");
    }

    public static void leave() {
        ACTIVE.remove();
        MDC.remove(MDC_KEY);
    }
}
