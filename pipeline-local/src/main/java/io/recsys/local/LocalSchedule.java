package io.recsys.local;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The seed's schedules, for {@code --schedule}: which stage runs when (unix cron in the pipeline's
 * time zone), and which are due next. The same times as the CronJobs.
 */
final class LocalSchedule {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /**
     * What a schedule missed while nothing ran becomes (the chart's {@code catchUp}): one run at
     * start-up when a scheduled time passed since the stage's last success, or nothing (the next
     * scheduled run covers it).
     */
    enum CatchUp {
        RUN_ONCE,
        SKIP
    }

    /**
     * One stage on its schedule: its name, the service jar that runs it, run-once arguments, when;
     * {@code deadline}: a run still going then is stopped (the chart's activeDeadlineSeconds).
     */
    record Entry(String stage, String service, List<String> args, String cron, Duration deadline, CatchUp catchUp) {
        Entry(String stage, String service, List<String> args, String cron, Duration deadline) {
            this(stage, service, args, cron, deadline, CatchUp.RUN_ONCE);
        }
    }

    static final List<Entry> SEED = List.of(
            new Entry("data-refresh", "data-service", List.of("run-once"), "0 2 * * *", Duration.ofHours(1)),
            new Entry("embeddings", "embedding-service", List.of("run-once"), "0 3 * * 2", Duration.ofHours(2)),
            new Entry("training", "training-service", List.of("run-once"), "0 3 * * 0", Duration.ofHours(4)),
            new Entry("deployment", "deploy-service", List.of("run-once"), "0 5 * * *", Duration.ofMinutes(30)),
            new Entry(
                    "drift-detection",
                    "monitor-service",
                    List.of("run-once", "--stage", "drift-detection"),
                    "0 9 * * 1",
                    Duration.ofMinutes(30)),
            new Entry(
                    "health-check",
                    "monitor-service",
                    List.of("run-once", "--stage", "health-check"),
                    "0 * * * *",
                    Duration.ofMinutes(10)),
            // not a seed stage: the chart's hourly online metrics (CTR per model), a quarter past
            new Entry(
                    "online-metrics",
                    "monitor-service",
                    List.of("run-once", "--stage", "online-metrics"),
                    "15 * * * *",
                    Duration.ofMinutes(30),
                    CatchUp.SKIP),
            // not a seed stage either: the chart's hourly canary judge, at half past
            new Entry(
                    "canary",
                    "deploy-service",
                    List.of("run-once", "--stage", "canary"),
                    "30 * * * *",
                    Duration.ofMinutes(30),
                    CatchUp.SKIP),
            new Entry(
                    "cleanup",
                    "monitor-service",
                    List.of("run-once", "--stage", "cleanup"),
                    "0 4 1 * *",
                    Duration.ofHours(1)));

    /** How a stage is run locally (its service and arguments, its deadline), for a chained run; null if none. */
    static Entry entry(String stage) {
        return SEED.stream().filter(e -> e.stage().equals(stage)).findFirst().orElse(null);
    }

    private final List<Entry> entries;
    private final List<ExecutionTime> times = new ArrayList<>();
    private final ZoneId zone;

    LocalSchedule(List<Entry> entries, ZoneId zone) {
        this.entries = entries;
        this.zone = zone;
        for (Entry e : entries) {
            times.add(ExecutionTime.forCron(UNIX.parse(e.cron())));
        }
    }

    /**
     * The entries to run once now: catch-up RUN_ONCE and a scheduled time passed since their last
     * success ({@code lastSuccess} by stage; none ever: missed). The ones that missed a time and skip
     * are not returned: the next scheduled run covers them.
     */
    List<Entry> toCatchUp(ZonedDateTime now, Function<String, Optional<Instant>> lastSuccess) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.catchUp() == CatchUp.SKIP) {
                continue;
            }
            Optional<ZonedDateTime> previous = times.get(i).lastExecution(now.withZoneSameInstant(zone));
            Optional<Instant> last = lastSuccess.apply(e.stage());
            if (previous.isPresent()
                    && (last.isEmpty() || last.get().isBefore(previous.get().toInstant()))) {
                out.add(e);
            }
        }
        return out;
    }

    /** The next firing time after {@code now}, and every entry due then (in schedule order). */
    record Due(ZonedDateTime at, List<Entry> entries) {}

    Due next(ZonedDateTime now) {
        ZonedDateTime best = null;
        List<Entry> due = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            Optional<ZonedDateTime> t = times.get(i).nextExecution(now.withZoneSameInstant(zone));
            if (t.isEmpty()) {
                continue;
            }
            if (best == null || t.get().isBefore(best)) {
                best = t.get();
                due.clear();
                due.add(e);
            } else if (t.get().isEqual(best)) {
                due.add(e);
            }
        }
        return new Due(best, due);
    }
}
