package io.recsys.training.model;

import io.recsys.math.Factors;

/** A factorisation model trained step by step (ALS iterations, BPR epochs). */
public interface IterativeModel extends AutoCloseable {

    /** One iteration or epoch; {@code index} is 1-based and fixes the step's random stream. */
    void step(int index);

    /** The training objective after the last step, if the model reports one. */
    Double loss();

    Factors users();

    Factors items();

    @Override
    void close();
}
