package io.recsys.deploy.canary;

import io.recsys.core.feedback.Variant;
import io.recsys.core.online.OnlineCounts;
import io.recsys.core.online.OnlineMetricsStore;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.deploy.config.DeployConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The two arms of a running canary, read from what serving recorded since it started: impressions
 * and clicked impressions per variant ({@link OnlineMetricsStore}'s attribution, the same as the
 * dashboard's CTR), and requests, errors, fallbacks and p99 latency per variant
 * ({@code variant_health}). Impressions younger than the attribution window may still get their
 * click; both arms share that lag, so the comparison stays fair while it shrinks both samples.
 */
@ApplicationScoped
public class CanaryArms {
    private final OnlineMetricsStore online;
    private final ReplicaDirectory directory;
    private final DeployConfig config;

    public CanaryArms(OnlineMetricsStore online, ReplicaDirectory directory, DeployConfig config) {
        this.online = online;
        this.directory = directory;
        this.config = config;
    }

    public record Arms(CanaryJudge.Arm production, CanaryJudge.Arm canary) {}

    /** Both arms since the canary started; production's counts only its current model's answers. */
    public Arms since(String canaryModelId, String productionModelId, Instant started, Instant now)
            throws SQLException {
        long prodImpressions = 0;
        long prodClicked = 0;
        long canaryImpressions = 0;
        long canaryClicked = 0;
        for (OnlineCounts c : online.compute(started, now, config.canary().attributionWindow())) {
            if (c.variant() == Variant.CANARY && c.modelId().equals(canaryModelId)) {
                canaryImpressions += c.impressions();
                canaryClicked += c.clickedImpressions();
            } else if (c.variant() == Variant.PRODUCTION && c.modelId().equals(productionModelId)) {
                prodImpressions += c.impressions();
                prodClicked += c.clickedImpressions();
            }
        }
        ReplicaDirectory.VariantTotals p = directory.variantTotals(Variant.PRODUCTION, productionModelId, started);
        ReplicaDirectory.VariantTotals k = directory.variantTotals(Variant.CANARY, canaryModelId, started);
        return new Arms(
                new CanaryJudge.Arm(
                        prodImpressions, prodClicked, p.requests(), p.errors(), p.fallbacks(), p.p99LatencyMs()),
                new CanaryJudge.Arm(
                        canaryImpressions, canaryClicked, k.requests(), k.errors(), k.fallbacks(), k.p99LatencyMs()));
    }

    public CanaryJudge judge() {
        DeployConfig.Canary c = config.canary();
        return new CanaryJudge(new CanaryJudge.Settings(
                c.significance(),
                c.minimumDetectableEffect(),
                c.power(),
                c.assumedBaseRate(),
                c.maxDuration(),
                c.maxErrorRate(),
                c.maxP99LatencyMs(),
                c.maxFallbackRate(),
                c.minGuardRequests()));
    }
}
