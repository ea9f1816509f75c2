package io.recsys.monitor.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A health check's result: overall status (the worst component) and every check. */
public record HealthReport(Instant at, List<ComponentHealth> components) {

    public HealthStatus overall() {
        HealthStatus s = HealthStatus.HEALTHY;
        for (ComponentHealth c : components) {
            s = s.worst(c.status());
        }
        return s;
    }

    /** "component/check: message" for every failed check that affects the status, worst first. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (HealthStatus level : new HealthStatus[] {HealthStatus.CRITICAL, HealthStatus.WARNING}) {
            for (ComponentHealth c : components) {
                for (Check k : c.checks()) {
                    if (k.status() == level) {
                        out.add(level.label() + " " + c.component().label() + "/" + k.name() + ": " + k.message());
                    }
                }
            }
        }
        return out;
    }

    /**
     * "LEVEL component/check" for every failed check that affects the status, sorted: what the
     * problem is without its changing numbers (ages, latencies), so a persisting problem is one alert.
     */
    public String problemKey() {
        List<String> out = new ArrayList<>();
        for (ComponentHealth c : components) {
            for (Check k : c.checks()) {
                if (k.status() != HealthStatus.HEALTHY) {
                    out.add(k.status().label() + " " + c.component().label() + "/" + k.name());
                }
            }
        }
        java.util.Collections.sort(out);
        return String.join(",", out);
    }

    /** The JSON shape of the report (also what the dashboard reads). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", at.toString());
        m.put("overall_status", overall().label());
        Map<String, Object> comps = new LinkedHashMap<>();
        for (ComponentHealth c : components) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("status", c.status().label());
            List<Map<String, Object>> checks = new ArrayList<>();
            for (Check k : c.checks()) {
                Map<String, Object> km = new LinkedHashMap<>();
                km.put("name", k.name());
                km.put("passed", k.passed());
                // A failed check that does not change the status (e.g. no embeddings yet) is information.
                km.put(
                        "severity",
                        k.passed()
                                ? "ok"
                                : k.ifFailed() == HealthStatus.HEALTHY
                                        ? "info"
                                        : k.ifFailed().label());
                km.put("message", k.message());
                checks.add(km);
            }
            cm.put("checks", checks);
            comps.put(c.component().label(), cm);
        }
        m.put("components", comps);
        return m;
    }
}
