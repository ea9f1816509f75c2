package io.recsys.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class LocalScheduleTest {
    private static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    private final LocalSchedule schedule = new LocalSchedule(LocalSchedule.SEED, HCM);

    private LocalSchedule.Due at(String local) {
        return schedule.next(ZonedDateTime.of(java.time.LocalDateTime.parse(local), HCM));
    }

    @Test
    void anOrdinaryEveningHasTheHourlyOnlineMetricsAtAQuarterPastTheCanaryJudgeAtHalfPastAndTheHealthCheckOnTheHour() {
        LocalSchedule.Due metrics = at("2026-11-22T20:10:00"); // a Sunday
        assertThat(metrics.at().toLocalDateTime()).hasToString("2026-11-22T20:15");
        assertThat(metrics.entries()).extracting(LocalSchedule.Entry::stage).containsExactly("online-metrics");
        LocalSchedule.Due canary = at("2026-11-22T20:20:00");
        assertThat(canary.at().toLocalDateTime()).hasToString("2026-11-22T20:30");
        assertThat(canary.entries()).extracting(LocalSchedule.Entry::stage).containsExactly("canary");
        LocalSchedule.Due due = at("2026-11-22T20:40:00");
        assertThat(due.at().toLocalDateTime()).hasToString("2026-11-22T21:00");
        assertThat(due.entries()).extracting(LocalSchedule.Entry::stage).containsExactly("health-check");
    }

    @Test
    void stagesDueAtTheSameMinuteRunInScheduleOrder() {
        // Sunday 02:00: the daily refresh and the hourly check; Sunday 03:00: training too.
        assertThat(at("2026-11-22T01:30:00").entries())
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly("data-refresh", "health-check");
        assertThat(at("2026-11-22T02:30:00").entries())
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly("training", "health-check");
        // Tuesday 03:00: the weekly embeddings refresh.
        assertThat(at("2026-11-24T02:30:00").entries())
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly("embeddings", "health-check");
        // Monday 09:00: drift detection; the 1st of December 04:00: cleanup.
        assertThat(at("2026-11-23T08:59:00").entries())
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly("drift-detection", "health-check");
        assertThat(at("2026-12-01T03:59:00").entries())
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly("health-check", "cleanup");
    }

    @Test
    void timesAreTheSchedulesZoneWhateverTheCallersZone() {
        LocalSchedule.Due due = schedule.next(ZonedDateTime.of(
                java.time.LocalDateTime.parse("2026-11-22T18:30:00"), ZoneId.of("UTC"))); // 01:30 in Ho Chi Minh City
        assertThat(due.at().withZoneSameInstant(HCM).toLocalDateTime()).hasToString("2026-11-23T02:00");
        assertThat(due.entries()).extracting(LocalSchedule.Entry::stage).contains("data-refresh");
    }

    @Test
    void aStageWhoseScheduledTimePassedSinceItsLastSuccessCatchesUpOnceUnlessItSkips() {
        ZonedDateTime now = ZonedDateTime.of(java.time.LocalDateTime.parse("2026-11-24T10:00:00"), HCM); // Tuesday
        java.time.Instant longAgo = now.minusDays(40).toInstant();
        java.time.Instant justNow = now.minusMinutes(5).toInstant();
        // every stage last succeeded 40 days ago: all missed a run; the online metrics and the canary judge skip
        assertThat(schedule.toCatchUp(now, stage -> java.util.Optional.of(longAgo)))
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly(
                        "data-refresh",
                        "embeddings",
                        "training",
                        "deployment",
                        "drift-detection",
                        "health-check",
                        "cleanup");
        // all confirmed five minutes ago: nothing missed
        assertThat(schedule.toCatchUp(now, stage -> java.util.Optional.of(justNow)))
                .isEmpty();
        // the refresh last succeeded yesterday 03:00, after yesterday's 02:00 run but before today's
        java.time.Instant yesterday = ZonedDateTime.of(java.time.LocalDateTime.parse("2026-11-23T03:00:00"), HCM)
                .toInstant();
        assertThat(schedule.toCatchUp(
                        now, stage -> java.util.Optional.of(stage.equals("data-refresh") ? yesterday : justNow)))
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly("data-refresh");
        // training (weekly, Sunday 03:00) that succeeded Sunday 04:00 has missed nothing on Tuesday
        java.time.Instant sunday = ZonedDateTime.of(java.time.LocalDateTime.parse("2026-11-22T04:00:00"), HCM)
                .toInstant();
        assertThat(schedule.toCatchUp(now, stage -> java.util.Optional.of(stage.equals("training") ? sunday : justNow)))
                .isEmpty();
        // never ran: missed
        assertThat(schedule.toCatchUp(
                        now,
                        stage -> stage.equals("cleanup") ? java.util.Optional.empty() : java.util.Optional.of(justNow)))
                .extracting(LocalSchedule.Entry::stage)
                .containsExactly("cleanup");
    }
}
