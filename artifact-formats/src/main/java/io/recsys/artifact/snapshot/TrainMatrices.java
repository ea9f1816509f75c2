package io.recsys.artifact.snapshot;

import io.recsys.math.CsrMatrix;

/**
 * The train matrices, rows = trainable users, columns = all items.
 *
 * @param confidence    rating + comment quality per cell (ALS's observations)
 * @param binary        1 where the rating is positive (BPR's observations)
 * @param hardNegatives 1 where the rating is a hard negative
 */
public record TrainMatrices(CsrMatrix confidence, CsrMatrix binary, CsrMatrix hardNegatives) {
    public TrainMatrices {
        if (binary.rows() != confidence.rows()
                || hardNegatives.rows() != confidence.rows()
                || binary.cols() != confidence.cols()
                || hardNegatives.cols() != confidence.cols()) {
            throw new IllegalArgumentException("train matrices differ in shape");
        }
    }
}
