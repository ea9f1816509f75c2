package io.recsys.monitor.drift;

/**
 * When the drift baseline moves, besides {@code --update-baseline} (which always does).
 */
public enum BaselinePolicy {
    /**
     * The baseline follows training: once a model has been trained on a data snapshot newer than
     * the baseline's, that snapshot becomes the baseline before comparing. Drift then means "the
     * recent data differs from what the models learned from", and a drift is reported until a
     * retrain has taken it in, then no more.
     */
    AFTER_RETRAIN,
    /** Only {@code --update-baseline} moves it (the seed's behaviour). */
    MANUAL
}
