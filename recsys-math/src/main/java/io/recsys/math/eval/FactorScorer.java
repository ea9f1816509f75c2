package io.recsys.math.eval;

import io.recsys.math.Dense;
import io.recsys.math.Factors;

/** Scores by the dot product of user and item factors. */
public final class FactorScorer implements ItemScorer {
    private final Factors users;
    private final Factors itemFactors;

    public FactorScorer(Factors users, Factors items) {
        if (users.k() != items.k()) {
            throw new IllegalArgumentException("user and item factors differ in k: " + users.k() + " vs " + items.k());
        }
        this.users = users;
        this.itemFactors = items;
    }

    @Override
    public int items() {
        return itemFactors.rows();
    }

    @Override
    public void score(int user, float[] out) {
        int k = users.k();
        float[] x = users.data();
        float[] y = itemFactors.data();
        int ou = user * k;
        for (int i = 0, oi = 0; i < out.length; i++, oi += k) {
            out[i] = Dense.dot(x, ou, y, oi, k);
        }
    }
}
