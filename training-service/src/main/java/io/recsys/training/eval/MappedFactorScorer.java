package io.recsys.training.eval;

import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.eval.ItemScorer;

/**
 * Scores the current data with a model trained on other ids (the champion, re-evaluated on today's
 * test split): users and items are matched by id. As in serving, a user the model does not know
 * gets the popularity ranking, and items it does not know rank last.
 */
public final class MappedFactorScorer implements ItemScorer {
    private final Factors users;
    private final Factors items;
    private final int[] userRow;
    private final int[] itemRow;
    private final float[] popularity;

    public MappedFactorScorer(Factors users, Factors items, int[] userRow, int[] itemRow, float[] popularity) {
        this.users = users;
        this.items = items;
        this.userRow = userRow;
        this.itemRow = itemRow;
        this.popularity = popularity;
    }

    @Override
    public int items() {
        return itemRow.length;
    }

    @Override
    public void score(int user, float[] out) {
        int u = userRow[user];
        if (u < 0) {
            System.arraycopy(popularity, 0, out, 0, out.length);
            return;
        }
        int k = users.k();
        for (int i = 0; i < out.length; i++) {
            int j = itemRow[i];
            out[i] = j < 0 ? -Float.MAX_VALUE : Dense.dot(users.data(), u * k, items.data(), j * k, k);
        }
    }
}
