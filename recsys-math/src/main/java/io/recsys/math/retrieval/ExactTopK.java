package io.recsys.math.retrieval;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.eval.TopK;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The k items with the highest float32 dot product with a query — exactly the answer of scoring
 * every item with {@link Dense#dot} and keeping the best k (ties to the smaller index) — while
 * computing that dot product for only a few hundred items:
 * <ol>
 *   <li>approximate scores for every item from the compact table ({@link QuantizedItems});</li>
 *   <li>the k best approximate items get their exact score; the lowest of those, L, is a lower
 *       bound on the true k-th score (there are k items scoring at least L);</li>
 *   <li>every other item whose approximate score plus its error bound reaches L could still be in
 *       the top k, so it gets its exact score too; every item that cannot reach L is skipped.</li>
 * </ol>
 * One instance per thread: it keeps its buffers between calls.
 */
public final class ExactTopK {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** One item in this many is sampled to find a first lower bound for the approximate top k. */
    private static final int SAMPLE_STRIDE = 16;

    /** Heaps by k (index k), made on first use: a heap's capacity is the k it keeps. */
    private final TopK[] approximateBest;

    private final TopK[] exactBest;
    private final int[] picked;
    private float[] approx = new float[0];
    private int lastExactScores;

    public ExactTopK(int maxK) {
        this.approximateBest = new TopK[maxK + 1];
        this.exactBest = new TopK[maxK + 1];
        this.picked = new int[maxK];
    }

    /**
     * The best {@code k} items for query {@code q[qo .. qo+k)}, best first, into {@code outItems}
     * and {@code outScores} (exact float32 scores); items in row {@code excludedRow} of
     * {@code excluded} (column indices, increasing) are left out when that row is ≥ 0. Returns how
     * many items were written (fewer than k only when fewer items are eligible).
     */
    public int select(
            QuantizedItems compact,
            Factors items,
            float[] q,
            int qo,
            int k,
            CsrMatrix excluded,
            int excludedRow,
            int[] outItems,
            float[] outScores) {
        if (k < 1 || k > picked.length) {
            throw new IllegalArgumentException("k " + k + " is outside this selector's range 1.." + picked.length);
        }
        int n = compact.items();
        float[] s = approxBuffer(QuantizedItems.paddedLength(n));
        compact.approximate(q, qo, s);
        if (excludedRow >= 0) {
            for (int p = excluded.rowStart(excludedRow), end = excluded.rowEnd(excludedRow); p < end; p++) {
                s[excluded.columnAt(p)] = Float.NEGATIVE_INFINITY;
            }
        }

        // Step 2: the k best approximate scores, then their exact scores.
        TopK top = topOf(s, n, k, sampledLowerBound(s, n, k));
        int m = top.drainBestFirst(picked, null);
        float[] y = items.data();
        int dim = items.k();
        TopK exact = heap(exactBest, k);
        float lowerBound = Float.POSITIVE_INFINITY;
        for (int r = 0; r < m; r++) {
            int i = picked[r];
            float score = Dense.dot(q, qo, y, i * dim, dim);
            exact.offer(i, score);
            lowerBound = Math.min(lowerBound, score);
            s[i] = Float.NEGATIVE_INFINITY; // scored: not a candidate again
        }
        int scored = m;
        if (m == k) {
            // Step 3: everything that could still reach L.
            scored += rescoreReaching(compact, s, n, lowerBound, compact.errorCoefficient(q, qo), q, qo, y, dim, exact);
        }
        lastExactScores = scored;
        return exact.drainBestFirst(outItems, outScores);
    }

    /** How many exact dot products the last {@link #select} computed (for benchmarks and tests). */
    public int lastExactScores() {
        return lastExactScores;
    }

    private static TopK heap(TopK[] byK, int k) {
        if (byK[k] == null) {
            byK[k] = new TopK(k);
        }
        TopK top = byK[k];
        top.clear();
        return top;
    }

    private float[] approxBuffer(int length) {
        if (approx.length < length) {
            approx = new float[length];
        }
        return approx;
    }

    /**
     * The k-th best of every {@link #SAMPLE_STRIDE}-th score: at least k items score that much, so
     * nothing below it can be in the top k. The lowest finite float when the sample is too small.
     */
    private float sampledLowerBound(float[] s, int n, int k) {
        TopK sample = heap(approximateBest, k);
        int taken = 0;
        for (int i = 0; i < n; i += SAMPLE_STRIDE) {
            if (s[i] != Float.NEGATIVE_INFINITY) {
                sample.offer(i, s[i]);
                taken++;
            }
        }
        if (taken < k) {
            return -Float.MAX_VALUE; // excluded items (−∞) stay out either way
        }
        sample.drainBestFirst(picked, null);
        return s[picked[k - 1]];
    }

    /** The k best of s[0 .. n) among those ≥ bound (bound ≥ the lowest finite float, so −∞ never enters). */
    private TopK topOf(float[] s, int n, int k, float bound) {
        TopK top = heap(approximateBest, k);
        int step = F.length();
        int i = 0;
        int limit = F.loopBound(n);
        for (; i < limit; i += step) {
            VectorMask<Float> hit = FloatVector.fromArray(F, s, i).compare(VectorOperators.GE, bound);
            if (hit.anyTrue()) {
                for (int j = i; j < i + step; j++) {
                    if (s[j] >= bound) {
                        top.offer(j, s[j]);
                    }
                }
            }
        }
        for (; i < n; i++) {
            if (s[i] >= bound) {
                top.offer(i, s[i]);
            }
        }
        return top;
    }

    /** Exact scores for every item whose approximate score + coefficient × scale reaches the bound. */
    private static int rescoreReaching(
            QuantizedItems compact,
            float[] s,
            int n,
            float bound,
            float coefficient,
            float[] q,
            int qo,
            float[] y,
            int dim,
            TopK exact) {
        float[] scales = compact.scales();
        FloatVector c = FloatVector.broadcast(F, coefficient);
        int step = F.length();
        int limit = F.loopBound(n);
        int scored = 0;
        int i = 0;
        for (; i < limit; i += step) {
            FloatVector upper = FloatVector.fromArray(F, scales, i).fma(c, FloatVector.fromArray(F, s, i));
            if (upper.compare(VectorOperators.GE, bound).anyTrue()) {
                for (int j = i; j < i + step; j++) {
                    scored += rescoreIfReaching(j, s, scales, coefficient, bound, q, qo, y, dim, exact);
                }
            }
        }
        for (; i < n; i++) {
            scored += rescoreIfReaching(i, s, scales, coefficient, bound, q, qo, y, dim, exact);
        }
        return scored;
    }

    private static int rescoreIfReaching(
            int i,
            float[] s,
            float[] scales,
            float coefficient,
            float bound,
            float[] q,
            int qo,
            float[] y,
            int dim,
            TopK exact) {
        // −∞ (excluded or already scored) + anything finite stays −∞, below any finite bound.
        if (Math.fma(scales[i], coefficient, s[i]) >= bound) {
            exact.offer(i, Dense.dot(q, qo, y, i * dim, dim));
            return 1;
        }
        return 0;
    }
}
