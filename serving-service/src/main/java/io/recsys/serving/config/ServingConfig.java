package io.recsys.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** serving.* — how a replica finds, loads and serves the production model. */
@ConfigMapping(prefix = "serving")
public interface ServingConfig {

    /** The registry alias this replica serves. */
    @WithDefault("production")
    String alias();

    /**
     * How often the alias is checked (the schedule reads the same key). A move is also picked up at
     * once on {@code POST /reload_model}.
     */
    @WithDefault("2s")
    Duration pollInterval();

    /** How often this replica reports itself in serving_replicas. */
    @WithDefault("5s")
    Duration heartbeatInterval();

    /**
     * The URL other services reach this replica at (deployment smoke-tests it). Default:
     * http://&lt;host name&gt;:&lt;http port&gt;; in Kubernetes, set it from the pod IP.
     */
    Optional<String> advertisedUrl();

    /** Recommendations returned when the request does not say. */
    @WithDefault("10")
    int defaultK();

    /** The largest k a request may ask for. */
    @WithDefault("100")
    int maxK();
}
