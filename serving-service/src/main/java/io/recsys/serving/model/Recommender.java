package io.recsys.serving.model;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.eval.TopK;
import io.recsys.serving.api.Recommendations;
import io.recsys.serving.api.ScoredItem;
import io.recsys.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers from one model: personal top-k by dot product over every item (seen ones skipped),
 * similar items by cosine, popular items. Scoring streams through the item table into a bounded
 * heap reused per thread, so a request allocates only its answer.
 */
@ApplicationScoped
public class Recommender {
    public static final String UNKNOWN_USER = "unknown_user";
    public static final String COLD_START = "cold_start";

    private final int maxK;
    private final ThreadLocal<Scratch> scratch;

    public Recommender(ServingConfig config) {
        this.maxK = config.maxK();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxK));
    }

    public Recommendations recommend(ServedModel m, String userId, int k, boolean excludeSeen) {
        int u = m.userRow(userId);
        if (u < 0) {
            return popularFor(m, userId, k, m.isColdStart(userId) ? COLD_START : UNKNOWN_USER);
        }
        Factors users = m.content().users();
        Factors items = m.content().items();
        CsrMatrix seen = m.content().seen();
        int f = items.k();
        float[] x = users.data();
        float[] y = items.data();
        int ou = u * f;
        int next = seen.rowStart(u);
        int end = seen.rowEnd(u);
        TopK top = scratch.get().heap(k);
        for (int i = 0, oi = 0; i < m.itemCount(); i++, oi += f) {
            if (excludeSeen && next < end && seen.columnAt(next) == i) { // seen columns are increasing
                next++;
                continue;
            }
            top.offer(i, Dense.dot(x, ou, y, oi, f));
        }
        return new Recommendations(userId, null, m.modelId(), false, null, drain(m, top));
    }

    /** Items whose taste vectors point the same way (cosine), the item itself left out; null when unknown. */
    public Recommendations similar(ServedModel m, String itemId, int k) {
        int t = m.itemRow(itemId);
        if (t < 0) {
            return null;
        }
        Factors items = m.content().items();
        int f = items.k();
        int taste = m.content().tasteColumns();
        float[] y = items.data();
        float nt = m.itemNorm(t);
        TopK top = scratch.get().heap(k);
        if (nt > 0) {
            for (int j = 0, oj = 0; j < m.itemCount(); j++, oj += f) {
                float nj = m.itemNorm(j);
                if (j != t && nj > 0) {
                    top.offer(j, Dense.dot(y, t * f, y, oj, taste) / (nt * nj));
                }
            }
        }
        return new Recommendations(null, itemId, m.modelId(), false, null, drain(m, top));
    }

    public Recommendations popular(ServedModel m, int k) {
        return popularFor(m, null, k, null);
    }

    private Recommendations popularFor(ServedModel m, String userId, int k, String reason) {
        int[] order = m.itemsByPopularity();
        int[] pop = m.content().itemPopularity();
        List<ScoredItem> out = new ArrayList<>(Math.min(k, order.length));
        for (int r = 0; r < Math.min(k, order.length); r++) {
            out.add(new ScoredItem(m.content().itemIds().get(order[r]), pop[order[r]]));
        }
        return new Recommendations(userId, null, m.modelId(), reason != null, reason, out);
    }

    private List<ScoredItem> drain(ServedModel m, TopK top) {
        Scratch s = scratch.get();
        int n = top.drainBestFirst(s.items, s.scores);
        List<ScoredItem> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(new ScoredItem(m.content().itemIds().get(s.items[r]), s.scores[r]));
        }
        return out;
    }

    /** Per-thread buffers: one heap per k (created on first use), and the drain arrays. */
    private static final class Scratch {
        final TopK[] heaps;
        final int[] items;
        final float[] scores;

        Scratch(int maxK) {
            heaps = new TopK[maxK + 1];
            items = new int[maxK];
            scores = new float[maxK];
        }

        TopK heap(int k) {
            if (heaps[k] == null) {
                heaps[k] = new TopK(k);
            }
            TopK top = heaps[k];
            top.clear();
            return top;
        }
    }
}
