package io.recsys.serving.model;

/** What one look at the alias did. */
public enum SyncOutcome {
    /** No alias yet: nothing has been deployed. */
    NO_ALIAS,
    /** Already serving the alias's model. */
    UP_TO_DATE,
    /** Loaded, validated and now serving the alias's model. */
    LOADED,
    /** The alias's model failed verification or validation; the previous model keeps serving. */
    REFUSED
}
