package io.recsys.monitor.health;

import java.util.List;

/** The checks of one component. */
public interface ComponentCheck {
    HealthComponent component();

    /**
     * Runs the checks. In a dry run a check that also repairs (the stale-run sweep) reports what it
     * would change and changes nothing.
     */
    List<Check> run(boolean dryRun) throws Exception;
}
