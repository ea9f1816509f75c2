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
}
