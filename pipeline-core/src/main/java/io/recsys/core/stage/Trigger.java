package io.recsys.core.stage;

/** What started a run. */
public enum Trigger {
    CRON,
    HTTP,
    CLI
}
