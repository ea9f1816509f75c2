package io.recsys.core.retrain;

import java.util.Locale;

/** Why a stage asks training to retrain (the seed's retrain triggers besides drift: data and embedding age, online CTR). */
public enum RetrainReason {
    /** The training data has not been confirmed current for longer than the limit (seed: 30 days). */
    DATA_AGE,
    /** The product embeddings have not been confirmed current for longer than the limit (seed: 30 days). */
    EMBEDDINGS_AGE,
    /**
     * The production model's online CTR fell against its own first week by more than the limit
     * (seed: 10 %); the subject is the model, so each model asks once.
     */
    ONLINE_CTR;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
