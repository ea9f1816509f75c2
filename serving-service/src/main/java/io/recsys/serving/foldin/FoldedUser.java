package io.recsys.serving.foldin;

import io.recsys.math.CsrMatrix;

/**
 * A shopper the served model was not trained on, as that model would see them: their vector and
 * the items of their events (a one-row matrix, what a recommendation must not repeat).
 */
public record FoldedUser(String modelId, float[] vector, CsrMatrix seen, int events) {}
