package io.recsys.core.retrain;

import java.util.Locale;

/** Why a stage asks training to retrain (the seed's retrain triggers besides drift). */
public enum RetrainReason {
    /** The training data has not been confirmed current for longer than the limit (seed: 30 days). */
    DATA_AGE,
    /** The product embeddings have not been confirmed current for longer than the limit (seed: 30 days). */
    EMBEDDINGS_AGE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
