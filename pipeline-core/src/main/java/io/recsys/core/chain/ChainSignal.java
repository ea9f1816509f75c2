package io.recsys.core.chain;

/**
 * What a finished run says happened, for the chain to act on: an edge of the table fires when its
 * {@code from} stage's run succeeded (not skipped, not a dry run) with its outcome among these. Stored
 * and configured by name ({@code snapshot-published} in the edge table).
 */
public enum ChainSignal {
    /** The data refresh published a new snapshot. */
    SNAPSHOT_PUBLISHED,
    /** The data refresh published a snapshot built from a product catalogue the previous one did not have. */
    CATALOGUE_CHANGED,
    /** The embeddings stage published a new embedding set. */
    EMBEDDINGS_PUBLISHED,
    /** Drift detection's verdict says retrain (the seed's KS p &lt; 0.05 on ratings, or a popularity shift). */
    RETRAIN_ADVISED,
    /**
     * A monitor stage recorded a new retrain request: the health check (training data or embeddings
     * older than 30 days) or the online metrics (CTR down more than 10 %).
     */
    RETRAIN_REQUESTED,
    /** Training registered a new champion. */
    CHAMPION_REGISTERED,
    /** The deployment moved production to another model and verified it (or left it pending without replicas). */
    MODEL_DEPLOYED;

    /** The name used in configuration and the ledger: {@code snapshot-published}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
