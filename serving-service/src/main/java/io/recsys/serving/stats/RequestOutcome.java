package io.recsys.serving.stats;

/** How a request ended, for metrics and the per-minute aggregates. */
public enum RequestOutcome {
    /** Personal answer. */
    OK,
    /** Popularity answer for an unknown or cold-start user. */
    FALLBACK,
    /** The request was wrong (unknown item, bad k): not the service's fault. */
    CLIENT_ERROR,
    /** The service could not answer (no model, unexpected failure). */
    ERROR
}
