package io.recsys.deploy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
