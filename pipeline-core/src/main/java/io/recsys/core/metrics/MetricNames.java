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

    public static final String TAG_STAGE = "stage";
    public static final String TAG_OUTCOME = "outcome";

    private MetricNames() {
    }
}
