package io.recsys.bench;

import io.recsys.math.CsrMatrix;
import io.recsys.math.FloatList;
import io.recsys.math.IntList;
import java.util.SplittableRandom;

/** Synthetic sparse interaction matrices with Zipf-like item popularity, seeded. */
final class Data {
    private Data() {}

    static CsrMatrix interactions(int users, int items, int perUser, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        IntList r = new IntList(users * perUser);
        IntList c = new IntList(users * perUser);
        FloatList v = new FloatList(users * perUser);
        for (int u = 0; u < users; u++) {
            java.util.BitSet seen = new java.util.BitSet(items);
            int n = 1 + rng.nextInt(2 * perUser);
            for (int k = 0; k < n; k++) {
                int i = (int) Math.min(items - 1, Math.floor(Math.pow(rng.nextDouble(), 2.5) * items));
                if (!seen.get(i)) {
                    seen.set(i);
                    r.add(u);
                    c.add(i);
                    v.add(1 + rng.nextInt(5));
                }
            }
        }
        return CsrMatrix.fromTriples(users, items, r.toArray(), c.toArray(), v.toArray());
    }
}
