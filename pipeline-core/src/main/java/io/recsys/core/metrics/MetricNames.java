package io.recsys.core.metrics;

/**
 * Every metric name the pipeline publishes, in one place. Micrometer turns dots into underscores
 * and adds unit suffixes for Prometheus (e.g. {@code recsys_stage_runs_total}).
 * Tags: {@code stage}, {@code outcome}, {@code model_type}; never {@code job}.
 */
public final class MetricNames {
    public static final String STAGE_RUNS = "recsys.stage.runs";
    public static final String STAGE_DURATION = "recsys.stage.duration";
    public static final String STAGE_LAST_SUCCESS = "recsys.stage.last.success.timestamp.seconds";
    public static final String STAGE_LAST_RUN = "recsys.stage.last.run.timestamp.seconds";
    public static final String ALERTS_SENT = "recsys.alerts.sent";
    public static final String ALERTS_FAILED = "recsys.alerts.failed";
    public static final String ALERTS_SUPPRESSED = "recsys.alerts.suppressed";

    /** Serving: one timer per request (histogram), tagged endpoint and outcome (ok, fallback, client_error, error). */
    public static final String SERVING_REQUESTS = "recsys.serving.requests";
    /** Popularity answers instead of personal ones, tagged reason (unknown_user, cold_start). */
    public static final String SERVING_FALLBACKS = "recsys.serving.fallbacks";
    /** Counter: answers written to the impressions table. */
    public static final String SERVING_IMPRESSIONS = "recsys.serving.impressions";

    /** Counter: answers not recorded (buffer full, or the database refused the batch). */
    public static final String SERVING_IMPRESSIONS_DROPPED = "recsys.serving.impressions.dropped";

    /** Counter: events stored by POST /api/v1/events, tagged type; a resent event_id is not counted again. */
    public static final String SERVING_EVENTS = "recsys.serving.events";
    /** Timer: solving one fresh shopper's vector (fold-in). */
    public static final String SERVING_FOLD_IN = "recsys.serving.fold.in";
    /** Gauge: shoppers the served model was not trained on who have a folded-in vector. */
    public static final String SERVING_FOLDED_USERS = "recsys.serving.folded.users";
    /** Models a replica refused to load (failed verification or validation). */
    public static final String SERVING_MODEL_REFUSALS = "recsys.serving.model.refusals";
    /** Model swaps a replica completed. */
    public static final String SERVING_MODEL_RELOADS = "recsys.serving.model.reloads";
    /** Unix time the served model was loaded at. */
    public static final String SERVING_MODEL_LOADED = "recsys.serving.model.loaded.timestamp.seconds";

    /** From the run ledger (monitor-service), so alerting works even when a one-shot run's push was lost. */
    public static final String LEDGER_LAST_SUCCESS = "recsys.ledger.last.success.timestamp.seconds";
    /** Share of finished runs that succeeded over the monitor's success window, per stage. */
    public static final String LEDGER_SUCCESS_RATE = "recsys.ledger.success.rate";
    /** The registry champion's evaluation metrics, tagged metric (e.g. recall@10) and model_type. */
    public static final String CHAMPION_METRIC = "recsys.champion.metric";

    /**
     * Online metrics (monitor-service, from {@code online_metrics}), tagged model_id, variant
     * (production, canary) and day (today, yesterday, in the monitor's time zone): impressions of the
     * recommend endpoint, attributed clicks, and the shares of impressions clicked, put in a cart,
     * bought; the share of the catalogue shown.
     */
    public static final String ONLINE_IMPRESSIONS = "recsys.online.impressions";

    public static final String ONLINE_CLICKS = "recsys.online.clicks";
    public static final String ONLINE_CTR = "recsys.online.ctr";
    public static final String ONLINE_ADD_TO_CART_RATE = "recsys.online.add.to.cart.rate";
    public static final String ONLINE_PURCHASE_RATE = "recsys.online.purchase.rate";
    public static final String ONLINE_CATALOGUE_COVERAGE = "recsys.online.catalogue.coverage";

    public static final String TAG_STAGE = "stage";
    public static final String TAG_MODEL_ID = "model_id";
    public static final String TAG_VARIANT = "variant";
    public static final String TAG_DAY = "day";
    public static final String TAG_METRIC = "metric";
    public static final String TAG_MODEL_TYPE = "model_type";
    public static final String TAG_ENDPOINT = "endpoint";
    public static final String TAG_REASON = "reason";
    public static final String TAG_OUTCOME = "outcome";

    private MetricNames() {}
}
