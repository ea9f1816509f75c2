package io.recsys.monitor.dashboard;

import io.recsys.core.chain.ChainLink;
import io.recsys.core.chain.ChainLinks;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.Deployment;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.ledger.StageStats;
import io.recsys.core.online.OnlineDay;
import io.recsys.core.online.OnlineMetricsStore;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ReplicaStatus;
import io.recsys.core.serving.ServiceMinute;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.monitor.drift.DriftStore;
import io.recsys.monitor.health.HealthHistory;
import io.recsys.monitor.online.OnlineCalendar;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the dashboard page draws, in one read-only call: recent runs, 30-day success rate
 * and mean duration per stage, model quality over time next to the baseline, drift history,
 * deployments, the latest health report with its history, the serving replicas' per-minute
 * health, the registry (champion, production alias, models, their state changes) and the online
 * metrics per day, model and variant with the production alias's moves.
 */
@Path("/api/v1/dashboard")
@Produces(MediaType.APPLICATION_JSON)
public class DashboardResource {
    /** Model versions the summary carries, newest first. */
    private static final int MODELS = 500;

    private final RunLedger ledger;
    private final ModelRegistry registry;
    private final ModelAliases aliases;
    private final DriftStore driftStore;
    private final HealthHistory healthHistory;
    private final ReplicaDirectory replicas;
    private final OnlineMetricsStore online;
    private final OnlineCalendar calendar;
    private final MonitorConfig config;
    private final ChainLinks chainLinks;

    public DashboardResource(
            RunLedger ledger,
            ModelRegistry registry,
            ModelAliases aliases,
            DriftStore driftStore,
            HealthHistory healthHistory,
            ReplicaDirectory replicas,
            OnlineMetricsStore online,
            OnlineCalendar calendar,
            MonitorConfig config,
            ChainLinks chainLinks) {
        this.chainLinks = chainLinks;
        this.online = online;
        this.calendar = calendar;
        this.ledger = ledger;
        this.registry = registry;
        this.aliases = aliases;
        this.driftStore = driftStore;
        this.healthHistory = healthHistory;
        this.replicas = replicas;
        this.config = config;
    }

    @GET
    public Map<String, Object> summary() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", runs());
        out.put("stage_stats", stageStats());
        List<ModelVersion> versions = registry.recent(MODELS);
        out.put("models", models(versions));
        out.put("drift", drift());
        out.put("deployments", deployments());
        out.put("health", health());
        out.put("service_health", serviceHealth());
        out.put("registry", registryInfo(versions));
        out.put("online", online());
        return out;
    }

    /**
     * The online metrics of the last {@code monitor.dashboard.online-days} days (oldest first, one
     * row per day, model and variant) and the production alias's moves in those days, which the
     * charts mark: a CTR that changes with the model is the model's doing.
     */
    private Map<String, Object> online() throws Exception {
        int days = config.dashboard().onlineDays();
        LocalDate today = calendar.day(Instant.now());
        LocalDate from = today.minusDays(days - 1L);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (OnlineDay d : online.days(from, today)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("day", d.day().toString());
            m.put("model_id", d.counts().modelId());
            m.put("variant", d.counts().variant().wire());
            m.put("impressions", d.counts().impressions());
            m.put("users", d.counts().users());
            m.put("clicks", d.counts().clicks());
            m.put("ctr", d.counts().ctr());
            m.put("add_to_cart", d.counts().addToCart());
            m.put("add_to_cart_rate", d.counts().addToCartRate());
            m.put("purchases", d.counts().purchases());
            m.put("purchase_rate", d.counts().purchaseRate());
            m.put("distinct_items", d.counts().distinctItems());
            m.put("catalogue_size", d.catalogueSize());
            m.put("catalogue_coverage", d.coverage());
            m.put("computed_at", d.computedAt().toString());
            rows.add(m);
        }
        Instant since = calendar.start(from);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (Deployment d : aliases.history(ModelAliases.PRODUCTION, 100)) { // newest first
            if (d.startedAt().isBefore(since)) {
                break;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", d.startedAt().toString());
            m.put("day", calendar.day(d.startedAt()).toString());
            m.put("model_id", d.modelId());
            m.put("previous_model_id", d.previousModelId());
            m.put("action", d.action().name());
            m.put("status", d.status().name());
            changes.add(0, m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("days", days);
        out.put("from", from.toString());
        out.put("to", today.toString());
        out.put("time_zone", calendar.zone().getId());
        out.put(
                "attribution_window_minutes",
                config.online().attributionWindow().toSeconds() / 60.0);
        out.put("metrics", rows);
        out.put("model_changes", changes);
        return out;
    }

    /** Per replica and minute over the window (the seed's service_health), oldest first; the replicas on record. */
    private Map<String, Object> serviceHealth() throws Exception {
        Duration window = config.dashboard().serviceWindow();
        Instant now = Instant.now();
        Set<String> live = new HashSet<>();
        for (ReplicaStatus r : replicas.live(config.health().replicaFreshness())) {
            live.add(r.instanceId());
        }
        List<Map<String, Object>> known = new ArrayList<>();
        for (ReplicaStatus r : replicas.all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instance_id", r.instanceId());
            m.put("base_url", r.baseUrl());
            m.put("model_id", r.modelId());
            m.put("live", live.contains(r.instanceId()));
            m.put("last_seen", r.lastSeen().toString());
            m.put("refused_model_id", r.refusedModelId());
            known.add(m);
        }
        List<Map<String, Object>> minutes = new ArrayList<>();
        for (ServiceMinute sm : replicas.minutesSince(now.minus(window))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instance_id", sm.instanceId());
            m.put("minute", sm.minute().toString());
            m.put("requests", sm.requests());
            m.put("avg_latency_ms", sm.avgLatencyMs());
            m.put("p95_latency_ms", sm.p95LatencyMs());
            m.put("error_rate", sm.errorRate());
            m.put("fallback_rate", sm.fallbackRate());
            m.put("model_id", sm.modelId());
            minutes.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window_hours", window.toMinutes() / 60.0);
        // The service alert rules' thresholds, drawn as lines: what the health check alerts on.
        out.put(
                "thresholds",
                Map.of(
                        "high_latency_ms",
                        config.rules().highLatencyMs(),
                        "critical_latency_ms",
                        config.rules().criticalLatencyMs(),
                        "error_rate",
                        config.rules().errorRate(),
                        "fallback_rate",
                        config.rules().fallbackRate()));
        out.put("replicas", known);
        out.put("minutes", minutes);
        return out;
    }

    /** Model info: the champion, what production serves, every model with its state, the newest state changes. */
    private Map<String, Object> registryInfo(List<ModelVersion> versions) throws Exception {
        Optional<AliasTarget> production = aliases.current(ModelAliases.PRODUCTION);
        String productionId = production.map(AliasTarget::modelId).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(
                "champion",
                registry.champion()
                        .map(v -> RegistryViews.model(v, productionId))
                        .orElse(null));
        out.put("production", production.map(RegistryViews::alias).orElse(null));
        out.put(
                "canary",
                aliases.current(config.dashboard().canaryAlias())
                        .map(RegistryViews::alias)
                        .orElse(null));
        out.put(
                "models",
                versions.stream().map(v -> RegistryViews.model(v, productionId)).toList()); // newest first
        out.put(
                "changes",
                registry.recentChanges(config.dashboard().registryChanges()).stream()
                        .map(RegistryViews::change)
                        .toList());
        return out;
    }

    /**
     * The newest runs, each with its parent (a chain's runs name the run that started them) and what
     * the edges that fired on its outcome did; the page nests a chain's runs under its first.
     */
    private List<Map<String, Object>> runs() throws java.sql.SQLException {
        List<PipelineRun> recent = ledger.recent(null, 50);
        Map<java.util.UUID, List<ChainLink>> links =
                chainLinks.ofParents(recent.stream().map(r -> r.id).toList());
        List<Map<String, Object>> out = new ArrayList<>();
        for (PipelineRun r : recent) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id.toString());
            m.put("stage", r.stage);
            m.put("status", r.status.name());
            m.put("trigger", r.trigger.name());
            m.put("started_at", r.startedAt.toString());
            m.put("duration_ms", r.durationMs);
            m.put("message", r.message != null ? r.message : r.errorMessage);
            m.put("parent_run_id", r.parentRunId == null ? null : r.parentRunId.toString());
            List<Map<String, Object>> chain = new ArrayList<>();
            for (ChainLink l : links.getOrDefault(r.id, List.of())) {
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("edge", l.edge());
                link.put("outcome", l.outcome().label());
                link.put("to_stage", l.toStage());
                link.put("decision", l.decision().name());
                link.put(
                        "child_run_id",
                        l.childRunId() == null ? null : l.childRunId().toString());
                link.put("detail", l.detail());
                chain.add(link);
            }
            m.put("chain", chain);
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> stageStats() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (StageStats s : ledger.stats(30)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("stage", s.stage());
            m.put("runs", s.total());
            m.put("succeeded", s.succeeded() + s.skipped());
            m.put("failed", s.failed() + s.error());
            m.put("success_rate", s.successRate());
            m.put("mean_duration_seconds", s.meanDurationSeconds());
            out.add(m);
        }
        return out;
    }

    /** Oldest first, for a time axis. */
    private List<Map<String, Object>> models(List<ModelVersion> newestFirst) {
        List<ModelVersion> versions = new ArrayList<>(newestFirst);
        versions.sort(Comparator.comparing(ModelVersion::createdAt));
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModelVersion v : versions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id());
            m.put("type", v.type().name());
            m.put("state", v.state().name());
            m.put("created_at", v.createdAt().toString());
            m.put("recall@10", v.metrics().get("recall@10"));
            m.put("ndcg@10", v.metrics().get("ndcg@10"));
            m.put("baseline_recall@10", v.baselineMetrics().get("recall@10"));
            out.add(m);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> drift() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DriftStore.StoredReport r : driftStore.reports(50)) {
            Map<String, Object> rating = (Map<String, Object>) r.report().getOrDefault("rating_drift", Map.of());
            Map<String, Object> pop = (Map<String, Object>) r.report().getOrDefault("popularity_drift", Map.of());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("created_at", r.at().toString());
            m.put("baseline", r.baseline());
            m.put("snapshot", r.current());
            m.put("severity", r.severity());
            m.put("drift_detected", r.driftDetected());
            m.put("rating_max_difference", rating.get("max_difference"));
            m.put("jaccard", pop.get("jaccard_similarity"));
            m.put("psi", pop.get("psi"));
            out.add(0, m); // oldest first
        }
        return out;
    }

    /** Production's and the canary's moves, newest first (a canary's verdict carries its numbers). */
    private List<Map<String, Object>> deployments() throws Exception {
        List<Deployment> both = new ArrayList<>(aliases.history(ModelAliases.PRODUCTION, 30));
        both.addAll(aliases.history(config.dashboard().canaryAlias(), 30));
        both.sort(java.util.Comparator.comparing(Deployment::startedAt)
                .thenComparing(Deployment::id)
                .reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Deployment d : both.subList(0, Math.min(30, both.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("alias", d.alias());
            m.put("action", d.action().name());
            m.put("model_id", d.modelId());
            m.put("previous_model_id", d.previousModelId());
            m.put("status", d.status().name());
            m.put("trigger", d.trigger());
            m.put("started_at", d.startedAt().toString());
            m.put("message", d.message());
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> health() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> history = new ArrayList<>();
        for (HealthHistory.StoredCheck check : healthHistory.recent(100)) {
            if (history.isEmpty()) {
                out.put("latest", check.report());
            }
            history.add(0, Map.of("checked_at", check.at().toString(), "overall", check.overall()));
        }
        out.put("history", history);
        return out;
    }
}
