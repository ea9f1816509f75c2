package io.recsys.deploy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/** deploy.* — how a deployment is verified. */
@ConfigMapping(prefix = "deploy")
public interface DeployConfig {

    /** The alias that production serving replicas follow. */
    @WithDefault("production")
    String alias();

    /** A replica is live when its last heartbeat is younger than this (3 × its heartbeat interval). */
    @WithDefault("15s")
    Duration replicaFreshness();

    /** How long every live replica gets to report the new model. */
    @WithDefault("60s")
    Duration convergenceTimeout();

    /** How often the replica directory is read while waiting. */
    @WithDefault("500ms")
    Duration pollInterval();

    Smoke smoke();

    Canary canary();

    /** deploy.canary.* — a candidate served to a share of users and judged online against production. */
    interface Canary {
        /** The alias serving replicas read the canary from (serving.canary-alias). */
        @WithDefault("canary")
        String alias();

        /** Share of users a canary serves when {@code --share} does not say. */
        @WithDefault("0.1")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(value = "1", inclusive = false)
        double share();

        /** Two-sided significance of the CTR test. */
        @WithDefault("0.05")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(value = "0.5")
        double significance();

        /** The smallest relative CTR change worth acting on; it sets the sample the test waits for. */
        @WithDefault("0.2")
        @DecimalMin(value = "0", inclusive = false)
        double minimumDetectableEffect();

        /** Chance the test sees a change of the minimum detectable effect when there is one. */
        @WithDefault("0.8")
        @DecimalMin(value = "0.5")
        @DecimalMax(value = "1", inclusive = false)
        double power();

        /** The CTR the sample is planned for while production has no click yet. */
        @WithDefault("0.05")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(value = "1", inclusive = false)
        double assumedBaseRate();

        /** Longest a canary runs: undecided by then, production stays. */
        @WithDefault("7d")
        Duration maxDuration();

        /** A click counts for an answer it follows by at most this much (monitor.online.attribution-window). */
        @WithDefault("30m")
        Duration attributionWindow();

        /** Guards: a canary above any of these is rolled back whatever its CTR. */
        @WithDefault("0.05")
        @DecimalMin("0")
        double maxErrorRate();

        @WithDefault("200")
        @Positive
        double maxP99LatencyMs();

        @WithDefault("0.3")
        @DecimalMin("0")
        double maxFallbackRate();

        /** The guards judge a canary only once it has answered this many recommend requests. */
        @WithDefault("200")
        @jakarta.validation.constraints.PositiveOrZero
        long minGuardRequests();
    }

    interface Smoke {
        /** Known users asked for recommendations on every replica (spread over the model's users). */
        @WithDefault("5")
        int sampleUsers();

        /** Items asked for per request. */
        @WithDefault("10")
        int k();

        /** Slowest acceptable answer. */
        @WithDefault("500ms")
        Duration latencyBudget();

        /** HTTP timeout per request. */
        @WithDefault("10s")
        Duration requestTimeout();
    }
}
