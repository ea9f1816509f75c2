package io.recsys.math.eval;

/** Scores every item for one user (higher is better). Implementations are thread-safe. */
public interface ItemScorer {

    int items();

    void score(int user, float[] out);
}
