package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.math.als.FoldIn;
import io.recsys.math.als.ImplicitAls;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A folded-in user is the training half-step for the same history, for every user and both λ rules. */
class FoldInTest {
    private static final int K = 6;

    private static CsrMatrix observations(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        IntList r = new IntList();
        IntList c = new IntList();
        FloatList v = new FloatList();
        for (int u = 0; u < 15; u++) {
            for (int i = 0; i < 11; i++) {
                if (rng.nextDouble() < 0.4) {
                    r.add(u);
                    c.add(i);
                    v.add(1 + rng.nextInt(5) + (float) rng.nextDouble());
                }
            }
        }
        return CsrMatrix.fromTriples(15, 11, r.toArray(), c.toArray(), v.toArray());
    }

    private static void assertFoldInIsTheHalfStep(boolean scaleRegularization) {
        CsrMatrix m = observations(scaleRegularization ? 3 : 4);
        ImplicitAls.Params p =
                new ImplicitAls.Params(K, 0.3, 4.0, ImplicitAls.Solver.CHOLESKY, 1, scaleRegularization, 7, 2);
        try (ImplicitAls als = new ImplicitAls(p, m)) {
            als.iterate(); // items that are no longer random
            Factors items = als.itemFactors().copy();
            als.solveUsers(); // the half-step: users given these items
            FoldIn foldIn = new FoldIn(items, 0.3, 4.0, scaleRegularization);
            float[] out = new float[K];
            for (int u = 0; u < m.rows(); u++) {
                int n = m.rowNnz(u);
                int[] idx = new int[n];
                float[] val = new float[n];
                for (int q = 0; q < n; q++) {
                    idx[q] = m.columnAt(m.rowStart(u) + q);
                    val[q] = m.valueAt(m.rowStart(u) + q);
                }
                foldIn.solve(idx, val, n, out);
                for (int f = 0; f < K; f++) {
                    assertThat((double) out[f])
                            .as("user %d, factor %d", u, f)
                            .isCloseTo(als.userFactors().data()[u * K + f], within(1e-5));
                }
            }
        }
    }

    @Test
    void aFoldedInVectorEqualsTheTrainingHalfStep() {
        assertFoldInIsTheHalfStep(false);
    }

    @Test
    void withFrequencyScaledRegularisationToo() {
        assertFoldInIsTheHalfStep(true);
    }

    @Test
    void aUserWithNoUsableEventHasTheZeroVector() {
        Factors items = Factors.random(11, K, 0.1, 1);
        float[] out = new float[K];
        new FoldIn(items, 0.1, 2, false).solve(new int[0], new float[0], 0, out);
        assertThat(out).containsOnly(0f);
    }
}
