package io.recsys.serving.model;

import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.eval.TopK;
import io.recsys.math.retrieval.ExactTopK;
import io.recsys.serving.api.Recommendations;
import io.recsys.serving.api.ScoredItem;
import io.recsys.serving.config.ServingConfig;
import io.recsys.serving.foldin.FoldedUser;
import io.recsys.serving.foldin.FreshUsers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers from one model: personal top-k by dot product over every item (seen ones skipped),
 * similar items by cosine, popular items. Personal top-k is exact but scores most items only
 * approximately, from the model's compact item table ({@link ExactTopK}); buffers and heaps are
 * reused per thread, so a request allocates only its answer.
 */
@ApplicationScoped
public class Recommender {
    public static final String UNKNOWN_USER = "unknown_user";
    public static final String COLD_START = "cold_start";

    private final int maxK;
    private final ThreadLocal<Scratch> scratch;
    private final FreshUsers fresh;

    public Recommender(ServingConfig config, FreshUsers fresh) {
        this.maxK = config.maxK();
        this.fresh = fresh;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(maxK));
    }

    public Recommendations recommend(ServedModel m, String userId, int k, boolean excludeSeen) {
        int u = m.userRow(userId);
        if (u < 0) {
            Optional<FoldedUser> folded = fresh.find(m.modelId(), userId);
            if (folded.isPresent()) {
                return foldedIn(m, userId, folded.get(), k, excludeSeen);
            }
            return popularFor(m, userId, k, m.isColdStart(userId) ? COLD_START : UNKNOWN_USER);
        }
        Factors users = m.content().users();
        Scratch s = scratch.get();
        int n = s.selector.select(
                m.compactItems(),
                m.content().items(),
                users.data(),
                u * users.k(),
                k,
                m.content().seen(),
                excludeSeen ? u : -1,
                s.bestItems,
                s.bestScores);
        return new Recommendations(userId, null, m.modelId(), false, null, answer(m, s, n));
    }

    /** A shopper the model was not trained on, from their folded-in vector; their event items left out. */
    private Recommendations foldedIn(ServedModel m, String userId, FoldedUser f, int k, boolean excludeSeen) {
        Scratch s = scratch.get();
        int n = s.selector.select(
                m.compactItems(),
                m.content().items(),
                f.vector(),
                0,
                k,
                f.seen(),
                excludeSeen ? 0 : -1,
                s.bestItems,
                s.bestScores);
        return Recommendations.foldedIn(userId, m.modelId(), answer(m, s, n));
    }

    /** Items whose taste vectors point the same way (cosine), the item itself left out; null when unknown. */
    public Recommendations similar(ServedModel m, String itemId, int k) {
        int t = m.itemRow(itemId);
        if (t < 0) {
            return null;
        }
        Factors items = m.content().items();
        int f = items.k();
        int n = m.itemCount();
        Scratch s = scratch.get();
        float[] query = s.query(f);
        System.arraycopy(items.data(), t * f, query, 0, f);
        for (int c = m.content().tasteColumns(); c < f; c++) {
            query[c] = 0; // BPR's bias column says nothing about taste
        }
        float nt = m.itemNorm(t);
        TopK top = s.heap(k);
        if (nt > 0) {
            float[] y = items.data();
            for (int j = 0; j < n; j++) {
                float nj = m.itemNorm(j);
                if (j != t && nj > 0) {
                    top.offer(j, Dense.dot(query, 0, y, j * f, f) / (nt * nj));
                }
            }
        }
        return new Recommendations(
                null, itemId, m.modelId(), false, null, answer(m, s, top.drainBestFirst(s.bestItems, s.bestScores)));
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

    private static List<ScoredItem> answer(ServedModel m, Scratch s, int n) {
        List<ScoredItem> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(new ScoredItem(m.content().itemIds().get(s.bestItems[r]), s.bestScores[r]));
        }
        return out;
    }

    /** Per-thread buffers: the top-k selector, a query vector, one heap per k, the answer arrays. */
    private static final class Scratch {
        final ExactTopK selector;
        final TopK[] heaps;
        final int[] bestItems;
        final float[] bestScores;
        private float[] query = new float[0];

        Scratch(int maxK) {
            selector = new ExactTopK(maxK);
            heaps = new TopK[maxK + 1];
            bestItems = new int[maxK];
            bestScores = new float[maxK];
        }

        float[] query(int k) {
            if (query.length < k) {
                query = new float[k];
            }
            return query;
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
