package io.recsys.math.eval;

import io.recsys.math.CsrMatrix;

/** The popularity baseline: every user gets items ranked by how many users interacted with them in train. */
public final class PopularityScorer implements ItemScorer {
    private final float[] popularity;

    public PopularityScorer(CsrMatrix train) {
        int[] counts = train.columnCounts();
        popularity = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            popularity[i] = counts[i];
        }
    }

    @Override
    public int items() {
        return popularity.length;
    }

    @Override
    public void score(int user, float[] out) {
        System.arraycopy(popularity, 0, out, 0, popularity.length);
    }
}
