package io.recsys.serving.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Optional;

/** serving.* — how a replica finds, loads and serves the production model. */
@ConfigMapping(prefix = "serving")
public interface ServingConfig {

    /** The registry alias this replica serves. */
    @WithDefault("production")
    String alias();

    /**
     * The alias of the canary: when it names a model, this replica serves it to that alias's share
     * of users (a stable hash of the user id, {@code CanarySplit}) beside the production model.
     */
    @WithDefault("canary")
    String canaryAlias();

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

    Impressions impressions();

    Events events();

    FoldIn foldIn();

    /** Shoppers the served model was not trained on, solved from their events (see FreshUsers). */
    interface FoldIn {
        @WithDefault("true")
        boolean enabled();

        /** How often the replica reads the events posted since its last read. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Fresh shoppers kept (least recently active ones go first): the memory bound. */
        @WithDefault("100000")
        @Positive
        int maxUsers();

        /** Newest events kept per shopper. */
        @WithDefault("200")
        @Positive
        int maxEventsPerUser();
    }

    /** Every answer recorded as an impression, off the request thread. */
    interface Impressions {
        /** Off: nothing recorded (online metrics and canary judging then have nothing to count). */
        @WithDefault("true")
        boolean enabled();

        /** Answers waiting to be written; when full, new ones are dropped and counted, never waited for. */
        @WithDefault("20000")
        @Positive
        int bufferSize();

        /** Impressions per INSERT batch. */
        @WithDefault("500")
        @Positive
        int batchSize();

        /** The longest an impression waits in the buffer before its batch is written. */
        @WithDefault("1s")
        Duration flushInterval();
    }

    /** POST /api/v1/events. */
    interface Events {
        /** The most events one request may carry (a larger batch is refused whole, 400). */
        @WithDefault("1000")
        @Positive
        int maxBatch();

        /** Event times later than now plus this are refused (clock skew allowance; data.validation's default). */
        @WithDefault("PT1H")
        Duration futureTolerance();

        /** The range of a rating event's value (set as data.validation.rating-min / -max). */
        @WithDefault("1")
        double ratingMin();

        @WithDefault("5")
        double ratingMax();
    }
}
