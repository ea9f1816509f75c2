package io.recsys.deploy.verify;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.CanarySplit;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.feedback.Variant;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ReplicaStatus;
import io.recsys.core.stage.StageContext;
import io.recsys.deploy.config.DeployConfig;
import io.recsys.model.ModelArtifact;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Checks that a model reached production (or the canary): every live replica reports it (a replica
 * that refused it fails verification at once, with its reason), then each replica answers known
 * users with non-empty, valid items from that model within the latency budget, and an unknown user
 * with a popularity fallback. The users asked are of the arm checked: canary users for the canary,
 * users outside a running canary for production (the split is a pure function, {@link CanarySplit}).
 */
@ApplicationScoped
public class DeploymentVerifier {
    /** Asked for as a user no model knows, to exercise the fallback path. */
    static final String UNKNOWN_USER = "recsys-deploy-smoke-unknown-user";

    private final ReplicaDirectory directory;
    private final ReplicaClient client;
    private final DeployConfig config;
    private final ModelAliases aliases;

    public DeploymentVerifier(
            ReplicaDirectory directory, ReplicaClient client, DeployConfig config, ModelAliases aliases) {
        this.directory = directory;
        this.client = client;
        this.config = config;
        this.aliases = aliases;
    }

    /** Which part of the traffic is checked: production (beside a canary, if one runs) or the canary. */
    private record Arm(Variant variant, String modelId, Optional<AliasTarget> canary) {
        String served(ReplicaStatus r) {
            return variant == Variant.CANARY ? r.canaryModelId() : r.modelId();
        }

        boolean refused(ReplicaStatus r) {
            String refused = variant == Variant.CANARY ? r.canaryRefusedModelId() : r.refusedModelId();
            return modelId.equals(refused) && !modelId.equals(served(r));
        }

        String refusalReason(ReplicaStatus r) {
            return variant == Variant.CANARY ? r.canaryRefusalReason() : r.refusalReason();
        }

        /** Whether a user's answers come from this arm. */
        boolean owns(String user) {
            if (canary.isEmpty()) {
                return true;
            }
            AliasTarget c = canary.get();
            boolean inCanary = CanarySplit.inCanary(c.modelId(), user, c.trafficShare());
            return (variant == Variant.CANARY) == inCanary;
        }

        String name() {
            return variant == Variant.CANARY ? "the canary" : "production";
        }
    }

    /** Verifies that production serves {@code modelId}. */
    public Verdict verify(String modelId, ModelArtifact.Mappings mappings, StageContext ctx) throws Exception {
        return verify(
                new Arm(
                        Variant.PRODUCTION,
                        modelId,
                        aliases.current(config.canary().alias())),
                mappings,
                ctx);
    }

    /** Verifies that the canary alias's model is served to its share of users. */
    public Verdict verifyCanary(AliasTarget canary, ModelArtifact.Mappings mappings, StageContext ctx)
            throws Exception {
        return verify(new Arm(Variant.CANARY, canary.modelId(), Optional.of(canary)), mappings, ctx);
    }

    private Verdict verify(Arm arm, ModelArtifact.Mappings mappings, StageContext ctx) throws Exception {
        String modelId = arm.modelId();
        Map<String, Object> details = new LinkedHashMap<>();
        long started = System.nanoTime();
        long deadline = started + config.convergenceTimeout().toNanos();
        List<ReplicaStatus> live;
        while (true) {
            ctx.checkAlive();
            live = directory.live(config.replicaFreshness());
            if (live.isEmpty()) {
                return new Verdict(Verdict.Outcome.NO_LIVE_REPLICA, "no live serving replica", details);
            }
            List<ReplicaStatus> refused = live.stream().filter(arm::refused).toList();
            if (!refused.isEmpty()) {
                details.put("replicas", describe(live));
                ReplicaStatus r = refused.get(0);
                return new Verdict(
                        Verdict.Outcome.FAILED,
                        "replica " + r.instanceId() + " refused " + modelId + " as " + arm.name() + ": "
                                + arm.refusalReason(r),
                        details);
            }
            List<ReplicaStatus> behind =
                    live.stream().filter(r -> !modelId.equals(arm.served(r))).toList();
            if (behind.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                details.put("replicas", describe(live));
                return new Verdict(
                        Verdict.Outcome.FAILED,
                        behind.stream()
                                        .map(r ->
                                                r.instanceId() + " still serves " + arm.served(r) + " as " + arm.name())
                                        .collect(Collectors.joining(", "))
                                + " after " + config.convergenceTimeout().toSeconds() + " s",
                        details);
            }
            LockSupport.parkNanos(config.pollInterval().toNanos());
        }
        details.put("converged_ms", (System.nanoTime() - started) / 1_000_000);
        details.put("replicas", describe(live));
        List<Map<String, Object>> smoke = new ArrayList<>();
        details.put("smoke", smoke);
        Set<String> validItems = new HashSet<>(mappings.itemIds());
        for (ReplicaStatus r : live) {
            String problem = smokeTest(r, arm, mappings, validItems, smoke);
            if (problem != null) {
                return new Verdict(Verdict.Outcome.FAILED, "replica " + r.instanceId() + ": " + problem, details);
            }
        }
        return new Verdict(Verdict.Outcome.PASSED, null, details);
    }

    private String smokeTest(
            ReplicaStatus replica,
            Arm arm,
            ModelArtifact.Mappings mappings,
            Set<String> validItems,
            List<Map<String, Object>> log) {
        String base = replica.baseUrl();
        String modelId = arm.modelId();
        try {
            ReplicaClient.Reply health = client.health(base);
            log.add(entry(replica, "health", null, health));
            String served = health.body() == null
                    ? null
                    : (arm.variant() == Variant.CANARY ? health.body().path("canary") : health.body())
                            .path("model_id")
                            .asText(null);
            if (health.status() != 200 || !modelId.equals(served)) {
                return "/health answered " + health.status() + " with model " + served + " as " + arm.name()
                        + ", expected " + modelId;
            }
            List<String> users = sample(
                    mappings.userIds().stream().filter(arm::owns).toList(),
                    config.smoke().sampleUsers());
            users.add(unknownUser(arm));
            for (String user : users) {
                ReplicaClient.Reply reply =
                        client.recommend(base, user, config.smoke().k());
                log.add(entry(replica, "recommend", user, reply));
                String problem = check(reply, user, modelId, validItems);
                if (problem != null) {
                    return "recommendations for " + user + ": " + problem;
                }
            }
            return null;
        } catch (Exception e) {
            return "unreachable at " + base + " (" + e + ")";
        }
    }

    private String check(ReplicaClient.Reply reply, String user, String modelId, Set<String> validItems) {
        if (reply.status() != 200 || reply.body() == null) {
            return "HTTP " + reply.status();
        }
        JsonNode body = reply.body();
        if (!modelId.equals(body.path("model_id").asText(null))) {
            return "answered by model " + body.path("model_id").asText(null);
        }
        JsonNode items = body.path("items");
        if (!items.isArray() || items.isEmpty()) {
            return "no items";
        }
        for (JsonNode item : items) {
            String id = item.path("item_id").asText(null);
            if (!validItems.contains(id)) {
                return "item " + id + " is not in the model";
            }
            if (!Double.isFinite(item.path("score").asDouble(Double.NaN))) {
                return "item " + id + " has a non-finite score";
            }
        }
        boolean fallback = body.path("fallback").asBoolean(false);
        if (user.startsWith(UNKNOWN_USER) != fallback) {
            return fallback ? "a known user got the popularity fallback" : "an unknown user got no fallback";
        }
        double budget = config.smoke().latencyBudget().toNanos() / 1e6;
        if (reply.latencyMs() > budget) {
            return String.format(java.util.Locale.ROOT, "%.0f ms, over the %.0f ms budget", reply.latencyMs(), budget);
        }
        return null;
    }

    /** A user no model knows whose answers come from the arm checked. */
    static String unknownUser(Arm arm) {
        String user = UNKNOWN_USER;
        for (int i = 1; !arm.owns(user); i++) {
            user = UNKNOWN_USER + "-" + i;
        }
        return user;
    }

    /** n users spread evenly over the model's list: the same ones on every replica. */
    static List<String> sample(List<String> users, int n) {
        List<String> out = new ArrayList<>();
        int m = Math.min(n, users.size());
        for (int i = 0; i < m; i++) {
            out.add(users.get((int) ((long) i * users.size() / m)));
        }
        return out;
    }

    private static List<Map<String, Object>> describe(List<ReplicaStatus> live) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ReplicaStatus r : live) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instance_id", r.instanceId());
            m.put("base_url", r.baseUrl());
            m.put("model_id", r.modelId());
            m.put("refused_model_id", r.refusedModelId());
            m.put("refusal_reason", r.refusalReason());
            if (r.canaryModelId() != null || r.canaryRefusedModelId() != null) {
                m.put("canary_model_id", r.canaryModelId());
                m.put("canary_refused_model_id", r.canaryRefusedModelId());
                m.put("canary_refusal_reason", r.canaryRefusalReason());
            }
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> entry(ReplicaStatus r, String what, String user, ReplicaClient.Reply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance_id", r.instanceId());
        m.put("check", what);
        if (user != null) {
            m.put("user_id", user);
        }
        m.put("status", reply.status());
        m.put("latency_ms", Math.round(reply.latencyMs() * 10) / 10.0);
        return m;
    }
}
