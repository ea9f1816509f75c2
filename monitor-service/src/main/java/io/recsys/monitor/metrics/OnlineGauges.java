package io.recsys.monitor.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.online.OnlineCounts;
import io.recsys.core.online.OnlineDay;
import io.recsys.core.online.OnlineMetricsStore;
import io.recsys.monitor.online.OnlineCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Today's and yesterday's online metrics (from {@code online_metrics}, written by the hourly
 * online-metrics stage) as Prometheus gauges per model and variant, tag {@code day} = today or
 * yesterday. A model that served nothing on a day has no series for it: its gauge is removed,
 * not left at its last value, so a replaced model does not linger on a "today" panel.
 */
@ApplicationScoped
public class OnlineGauges {
    private static final Logger LOG = Logger.getLogger(OnlineGauges.class);

    private final OnlineMetricsStore store;
    private final OnlineCalendar calendar;
    private final MeterRegistry meters;
    // Micrometer holds gauge targets weakly: the values live here, with their gauges for removal.
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    private record Held(AtomicReference<Double> value, Gauge gauge) {}

    public OnlineGauges(OnlineMetricsStore store, OnlineCalendar calendar, MeterRegistry meters) {
        this.store = store;
        this.calendar = calendar;
        this.meters = meters;
    }

    @Scheduled(every = "60s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        try {
            refresh();
        } catch (Exception e) {
            LOG.warnf("online gauges not refreshed: %s", e.toString());
        }
    }

    public synchronized void refresh() throws Exception {
        LocalDate today = calendar.day(Instant.now());
        Map<String, Double> now = new HashMap<>();
        Map<String, String[]> tags = new HashMap<>();
        for (OnlineDay d : store.days(today.minusDays(1), today)) {
            OnlineCounts c = d.counts();
            String[] t = {
                MetricNames.TAG_MODEL_ID,
                c.modelId(),
                MetricNames.TAG_VARIANT,
                c.variant().wire(),
                MetricNames.TAG_DAY,
                d.day().equals(today) ? "today" : "yesterday"
            };
            put(now, tags, MetricNames.ONLINE_IMPRESSIONS, c.impressions(), t);
            put(now, tags, MetricNames.ONLINE_CLICKS, c.clicks(), t);
            put(now, tags, MetricNames.ONLINE_CTR, c.ctr(), t);
            put(now, tags, MetricNames.ONLINE_ADD_TO_CART_RATE, c.addToCartRate(), t);
            put(now, tags, MetricNames.ONLINE_PURCHASE_RATE, c.purchaseRate(), t);
            if (d.coverage() != null) {
                put(now, tags, MetricNames.ONLINE_CATALOGUE_COVERAGE, d.coverage(), t);
            }
        }
        Set<String> gone = new HashSet<>(held.keySet());
        gone.removeAll(now.keySet());
        for (String key : gone) {
            meters.remove(held.remove(key).gauge());
        }
        for (Map.Entry<String, Double> e : now.entrySet()) {
            held.computeIfAbsent(e.getKey(), k -> {
                        String name = k.substring(0, k.indexOf('|'));
                        AtomicReference<Double> value = new AtomicReference<>(e.getValue());
                        Gauge g = Gauge.builder(name, value, AtomicReference::get)
                                .tags(tags.get(k))
                                .register(meters);
                        return new Held(value, g);
                    })
                    .value()
                    .set(e.getValue());
        }
    }

    private static void put(Map<String, Double> now, Map<String, String[]> tags, String name, double v, String[] t) {
        String key = name + "|" + String.join("|", t);
        now.put(key, v);
        tags.put(key, t);
    }
}
