package io.recsys.monitor.online;

import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The days online metrics are kept by: calendar days in {@code monitor.time-zone} (the shop's, the
 * one its schedules are written in), so "today" on the dashboard is the shop's today.
 */
@ApplicationScoped
public class OnlineCalendar {
    private final ZoneId zone;

    public OnlineCalendar(MonitorConfig config) {
        this.zone = ZoneId.of(config.timeZone());
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, zone);
    }

    public Instant start(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The first instant of the next day (a day is 23 or 25 hours long where clocks change). */
    public Instant end(LocalDate day) {
        return start(day.plusDays(1));
    }

    /** The {@code n} days ending with the day {@code now} is in, oldest first. */
    public List<LocalDate> lastDays(Instant now, int n) {
        LocalDate today = day(now);
        List<LocalDate> out = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            out.add(today.minusDays(i));
        }
        return out;
    }
}
