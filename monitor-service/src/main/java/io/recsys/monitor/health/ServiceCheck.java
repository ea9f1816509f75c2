package io.recsys.monitor.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ReplicaStatus;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.monitor.rules.ServiceAlertRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Serving: every replica in the directory is live and answers /health with a model loaded, fast;
 * a replica that stopped heartbeating without leaving (a crash) is a warning, none live is
 * critical; then the service alert rules over the last window's aggregates.
 */
@ApplicationScoped
public class ServiceCheck implements ComponentCheck {
    private final ReplicaDirectory directory;
    private final ServiceAlertRules rules;
    private final MonitorConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    public ServiceCheck(ReplicaDirectory directory, ServiceAlertRules rules, MonitorConfig config, ObjectMapper json) {
        this.directory = directory;
        this.rules = rules;
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.health().serviceTimeout())
                .build();
    }

    @Override
    public HealthComponent component() {
        return HealthComponent.SERVICE;
    }

    /** Reads, and forgets replicas gone for good; a dry run only says which it would forget. */
    @Override
    public List<Check> run(boolean dryRun) throws Exception {
        List<Check> out = new ArrayList<>();
        MonitorConfig.Health h = config.health();
        List<ReplicaStatus> gone = directory.silentFor(h.replicaForgetAfter());
        if (!gone.isEmpty()) {
            String names = gone.stream().map(ReplicaStatus::instanceId).collect(Collectors.joining(", "));
            if (!dryRun) {
                directory.forgetSilentFor(h.replicaForgetAfter());
            }
            out.add(Check.pass(
                    "replicas_forgotten",
                    (dryRun ? "would forget " : "forgot ") + gone.size() + " replica(s) silent for more than "
                            + h.replicaForgetAfter().toHours() + " h: " + names));
        }
        List<ReplicaStatus> live = directory.live(h.replicaFreshness());
        Set<String> liveIds = live.stream().map(ReplicaStatus::instanceId).collect(Collectors.toSet());
        Set<String> goneIds = gone.stream().map(ReplicaStatus::instanceId).collect(Collectors.toSet());
        for (ReplicaStatus r : directory.all()) {
            // A dry run leaves the forgotten rows in place but reports what the real run would.
            if (!liveIds.contains(r.instanceId()) && !goneIds.contains(r.instanceId())) {
                out.add(Check.fail(
                        "replica_" + r.instanceId(),
                        HealthStatus.WARNING,
                        "replica " + r.instanceId() + " at " + r.baseUrl() + " has not reported since " + r.lastSeen()
                                + " (stopped or crashed)"));
            }
        }
        if (live.isEmpty()) {
            out.add(Check.fail("replicas_live", HealthStatus.CRITICAL, "no live serving replica"));
        } else if (live.size() < h.expectedReplicas()) {
            out.add(Check.fail(
                    "replicas_live",
                    HealthStatus.WARNING,
                    live.size() + " live replicas, " + h.expectedReplicas() + " expected"));
        } else {
            out.add(Check.pass("replicas_live", live.size() + " live replica" + (live.size() == 1 ? "" : "s")));
        }
        for (ReplicaStatus r : live) {
            out.add(probe(r));
        }
        out.addAll(rules.evaluate(
                directory.minutesSince(Instant.now().minus(config.rules().window()))));
        return out;
    }

    private Check probe(ReplicaStatus r) {
        String name = "replica_" + r.instanceId();
        try {
            long started = System.nanoTime();
            HttpResponse<String> resp = http.send(
                    HttpRequest.newBuilder(URI.create(r.baseUrl() + "/health"))
                            .timeout(config.health().serviceTimeout())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - started) / 1e6;
            JsonNode body = json.readTree(resp.body());
            if (resp.statusCode() != 200) {
                return Check.fail(name, HealthStatus.CRITICAL, r.baseUrl() + "/health answered " + resp.statusCode());
            }
            if (!body.path("model_loaded").asBoolean(false)) {
                return Check.fail(
                        name,
                        HealthStatus.CRITICAL,
                        r.instanceId() + " has no model loaded"
                                + (r.refusedModelId() == null
                                        ? ""
                                        : " (refused " + r.refusedModelId() + ": " + r.refusalReason() + ")"));
            }
            String text = String.format(
                    Locale.ROOT,
                    "%s serves %s, /health in %.0f ms",
                    r.instanceId(),
                    body.path("model_id").asText(),
                    ms);
            if (ms > config.rules().criticalLatencyMs()) {
                return Check.fail(name, HealthStatus.CRITICAL, text);
            }
            if (ms > config.rules().highLatencyMs()) {
                return Check.fail(name, HealthStatus.WARNING, text);
            }
            return Check.pass(name, text);
        } catch (Exception e) {
            return Check.fail(
                    name,
                    HealthStatus.CRITICAL,
                    r.instanceId() + " unreachable at " + r.baseUrl() + " ("
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                            + ")");
        }
    }
}
