package io.recsys.monitor.rules;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.ledger.RunLedger;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.monitor.health.Check;
import io.recsys.monitor.health.HealthStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A stage whose schedule fired (more than the grace period ago) without a success since is
 * missed: a CronJob that silently stopped running must not go unnoticed. "Since" is the last
 * firing before now − grace. A stage that never succeeded is missed too, once it has been due
 * since the pipeline's first recorded run (a fresh installation owes nothing yet).
 */
@ApplicationScoped
public class MissedRuns {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final RunLedger ledger;
    private final Map<String, ExecutionTime> schedules = new TreeMap<>();
    private final Map<String, String> expressions;
    private final ZoneId zone;
    private final Duration grace;

    public MissedRuns(RunLedger ledger, MonitorConfig config) {
        this.ledger = ledger;
        this.zone = ZoneId.of(config.timeZone());
        this.grace = config.missedRunGrace();
        this.expressions = new TreeMap<>(config.schedules());
        for (Map.Entry<String, String> e : expressions.entrySet()) {
            try {
                schedules.put(e.getKey(), ExecutionTime.forCron(UNIX.parse(e.getValue())));
            } catch (IllegalArgumentException ex) {
                // At start-up, so a typo stops the service with the key named instead of silencing the check.
                throw new IllegalArgumentException("monitor.schedules." + e.getKey()
                        + " is not a five-field cron expression: '" + e.getValue() + "' (" + ex.getMessage() + ")");
            }
        }
    }

    public List<Check> evaluate(Instant now) {
        List<Check> out = new ArrayList<>();
        Optional<Instant> installed = ledger.firstStartedAt();
        for (Map.Entry<String, ExecutionTime> e : schedules.entrySet()) {
            String stage = e.getKey();
            Optional<ZonedDateTime> due = e.getValue().lastExecution(ZonedDateTime.ofInstant(now.minus(grace), zone));
            if (due.isEmpty()) {
                continue;
            }
            Instant dueAt = due.get().toInstant();
            Optional<PipelineRun> last = ledger.lastSuccess(stage);
            Instant lastAt = last.map(r -> r.finishedAt).orElse(null);
            String schedule = "'" + expressions.get(stage) + "' (" + zone + ")";
            if (lastAt == null && (installed.isEmpty() || dueAt.isBefore(installed.get()))) {
                out.add(Check.pass("schedule_" + stage, stage + " has not been due since the first recorded run"));
            } else if (lastAt == null) {
                out.add(Check.fail(
                        "missed_" + stage,
                        HealthStatus.WARNING,
                        stage + " has never succeeded; it is" + " scheduled " + schedule + " and was due at " + dueAt));
            } else if (lastAt.isBefore(dueAt)) {
                out.add(Check.fail(
                        "missed_" + stage,
                        HealthStatus.WARNING,
                        stage + " missed its run due at " + dueAt + " (schedule " + schedule + ", grace "
                                + grace.toHours() + " h); last success " + lastAt));
            } else {
                out.add(Check.pass("schedule_" + stage, stage + " last succeeded " + lastAt));
            }
        }
        return out;
    }
}
