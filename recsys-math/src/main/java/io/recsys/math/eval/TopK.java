package io.recsys.math.eval;

/**
 * The k best-scoring items of one user, kept in a bounded min-heap: O(n log k) for n candidates, no
 * allocation per user (reuse the instance per thread). Ties go to the smaller item index, so
 * rankings are deterministic.
 */
public final class TopK {
    private final int capacity;
    private final int[] items;
    private final float[] scores;
    private int size;

    public TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.capacity = k;
        this.items = new int[k];
        this.scores = new float[k];
    }

    public void clear() {
        size = 0;
    }

    /** True when (score, item) ranks below (otherScore, otherItem). */
    private static boolean worse(float score, int item, float otherScore, int otherItem) {
        return score < otherScore || (score == otherScore && item > otherItem);
    }

    public void offer(int item, float score) {
        if (size < capacity) {
            int i = size++;
            items[i] = item;
            scores[i] = score;
            siftUp(i);
        } else if (worse(scores[0], items[0], score, item)) {
            items[0] = item;
            scores[0] = score;
            siftDown(0);
        }
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!worse(scores[i], items[i], scores[parent], items[parent])) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int m = i;
            if (l < size && worse(scores[l], items[l], scores[m], items[m])) {
                m = l;
            }
            if (r < size && worse(scores[r], items[r], scores[m], items[m])) {
                m = r;
            }
            if (m == i) {
                return;
            }
            swap(i, m);
            i = m;
        }
    }

    private void swap(int a, int b) {
        int ti = items[a];
        items[a] = items[b];
        items[b] = ti;
        float ts = scores[a];
        scores[a] = scores[b];
        scores[b] = ts;
    }

    /** The items, best first, into {@code out}; returns how many. Empties the heap. */
    public int drainBestFirst(int[] out) {
        return drainBestFirst(out, null);
    }

    /** The items and their scores (when {@code outScores} is not null), best first; returns how many. Empties the heap. */
    public int drainBestFirst(int[] out, float[] outScores) {
        int n = size;
        for (int pos = n - 1; pos >= 0; pos--) {
            out[pos] = items[0];
            if (outScores != null) {
                outScores[pos] = scores[0];
            }
            size--;
            if (size > 0) {
                items[0] = items[size];
                scores[0] = scores[size];
                siftDown(0);
            }
        }
        return n;
    }
}
