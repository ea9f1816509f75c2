package io.recsys.monitor.health;

import io.recsys.core.ledger.RunLedger;
import io.recsys.core.ledger.StageStats;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.monitor.rules.MissedRuns;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pipelines: each stage's success rate over the window, runs stuck in RUNNING (closed as
 * abandoned, except in a dry run), and scheduled runs that never happened.
 */
@ApplicationScoped
public class PipelinesCheck implements ComponentCheck {
    private final RunLedger ledger;
    private final MissedRuns missed;
    private final MonitorConfig config;

    public PipelinesCheck(RunLedger ledger, MissedRuns missed, MonitorConfig config) {
        this.ledger = ledger;
        this.missed = missed;
        this.config = config;
    }

    @Override
    public HealthComponent component() {
        return HealthComponent.PIPELINES;
    }

    @Override
    public List<Check> run(boolean dryRun) {
        List<Check> out = new ArrayList<>();
        MonitorConfig.Health h = config.health();
        int days = (int) Math.max(1, h.successWindow().toDays());
        for (StageStats s : ledger.stats(days)) {
            if (s.successRate() == null) {
                continue;
            }
            String text = String.format(
                    Locale.ROOT,
                    "%s: %.0f%% of %d runs succeeded in %d days (%d failed, %d errors)",
                    s.stage(),
                    100 * s.successRate(),
                    s.total() - s.cancelled() - s.running(),
                    days,
                    s.failed(),
                    s.error());
            out.add(
                    s.successRate() < h.minSuccessRate()
                            ? Check.fail("success_rate_" + s.stage(), HealthStatus.WARNING, text)
                            : Check.pass("success_rate_" + s.stage(), text));
        }
        // A dry run counts the runs the sweep would close and leaves them as they are.
        int stale = dryRun ? ledger.countStale(h.staleRunAfter()) : ledger.markStale(h.staleRunAfter());
        out.add(
                stale == 0
                        ? Check.pass("stale_runs", "no run stuck in RUNNING")
                        : Check.fail(
                                "stale_runs",
                                HealthStatus.WARNING,
                                (dryRun ? "would close " : "closed ") + stale
                                        + " run(s) stuck in RUNNING for more than "
                                        + h.staleRunAfter().toHours() + " h"));
        out.addAll(missed.evaluate(Instant.now()));
        return out;
    }
}
