package io.recsys.training.data;

import io.recsys.math.CsrMatrix;
import io.recsys.math.FloatList;
import io.recsys.math.IntList;
import java.util.SplittableRandom;

/**
 * A validation split carved from train for early stopping (the seed's create_validation_split):
 * each user with at least three positives lends {@code share} of them (at least one) to validation;
 * those cells leave every train matrix. Seeded per user, so the split never depends on threads.
 */
public record ValidationSplit(CsrMatrix confidence, CsrMatrix binary, CsrMatrix hardNegatives, CsrMatrix validation) {

    public static ValidationSplit carve(TrainingData d, double share, long seed) {
        int rows = d.binary().rows();
        int cols = d.binary().cols();
        boolean[][] held = new boolean[rows][];
        IntList vr = new IntList();
        IntList vc = new IntList();
        for (int u = 0; u < rows; u++) {
            int n = d.binary().rowNnz(u);
            if (n < 3) {
                continue;
            }
            int take = Math.max(1, (int) Math.round(share * n));
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + u);
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) {
                positions[i] = i;
            }
            for (int i = 0; i < take; i++) { // partial Fisher-Yates
                int j = i + rng.nextInt(n - i);
                int t = positions[i];
                positions[i] = positions[j];
                positions[j] = t;
            }
            held[u] = new boolean[cols];
            int[] chosen = java.util.Arrays.copyOf(positions, take);
            java.util.Arrays.sort(chosen);
            for (int p : chosen) {
                int item = d.binary().columnAt(d.binary().rowStart(u) + p);
                held[u][item] = true;
                vr.add(u);
                vc.add(item);
            }
        }
        float[] ones = new float[vr.size()];
        java.util.Arrays.fill(ones, 1f);
        return new ValidationSplit(
                without(d.confidence(), held),
                without(d.binary(), held),
                without(d.hardNegatives(), held),
                CsrMatrix.fromTriples(rows, cols, vr.toArray(), vc.toArray(), ones));
    }

    private static CsrMatrix without(CsrMatrix m, boolean[][] held) {
        int[] indptr = new int[m.rows() + 1];
        IntList idx = new IntList(m.nnz());
        FloatList val = new FloatList(m.nnz());
        for (int u = 0; u < m.rows(); u++) {
            for (int p = m.rowStart(u); p < m.rowEnd(u); p++) {
                if (held[u] == null || !held[u][m.columnAt(p)]) {
                    idx.add(m.columnAt(p));
                    val.add(m.valueAt(p));
                }
            }
            indptr[u + 1] = idx.size();
        }
        return new CsrMatrix(m.rows(), m.cols(), indptr, idx.toArray(), val.toArray());
    }
}
