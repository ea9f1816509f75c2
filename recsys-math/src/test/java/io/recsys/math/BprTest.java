package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.math.bpr.Bpr;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BprTest {
    private static final int USERS = 60;
    private static final int ITEMS = 40;

    /**
     * Planted structure: users and items fall in two groups; each user likes a random half of the
     * items of its own group. Train gets 70 % of those likes, the rest is held out.
     */
    private static CsrMatrix[] planted(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        IntList tr = new IntList();
        IntList tc = new IntList();
        IntList hr = new IntList();
        IntList hc = new IntList();
        for (int u = 0; u < USERS; u++) {
            int group = u % 2;
            for (int i = group; i < ITEMS; i += 2) {
                if (rng.nextDouble() < 0.5) {
                    if (rng.nextDouble() < 0.7) {
                        tr.add(u);
                        tc.add(i);
                    } else {
                        hr.add(u);
                        hc.add(i);
                    }
                }
            }
        }
        float[] ones = new float[tr.size()];
        java.util.Arrays.fill(ones, 1f);
        float[] held = new float[hr.size()];
        java.util.Arrays.fill(held, 1f);
        return new CsrMatrix[] {
            CsrMatrix.fromTriples(USERS, ITEMS, tr.toArray(), tc.toArray(), ones),
            CsrMatrix.fromTriples(USERS, ITEMS, hr.toArray(), hc.toArray(), held)
        };
    }

    /** AUC of held-out positives against the other group's items (the true negatives). */
    private static double auc(Bpr bpr, CsrMatrix heldOut) {
        long correct = 0;
        long total = 0;
        for (int u = 0; u < USERS; u++) {
            for (int e = heldOut.rowStart(u); e < heldOut.rowEnd(u); e++) {
                int i = heldOut.columnAt(e);
                for (int j = 0; j < ITEMS; j++) {
                    if (j % 2 != u % 2) {
                        float si = bpr.userFactors().dot(u, bpr.itemFactors(), i);
                        float sj = bpr.userFactors().dot(u, bpr.itemFactors(), j);
                        correct += si > sj ? 1 : 0;
                        total++;
                    }
                }
            }
        }
        return (double) correct / total;
    }

    @Test
    void aucRisesFromChanceOnPlantedStructure() {
        CsrMatrix[] data = planted(5);
        try (Bpr bpr = new Bpr(new Bpr.Params(8, 0.05, 0.001, 0.0, 7, 2), data[0], null)) {
            double before = auc(bpr, data[1]);
            for (int e = 0; e < 60; e++) {
                bpr.epoch();
            }
            double after = auc(bpr, data[1]);
            assertThat(before).isBetween(0.3, 0.7);
            assertThat(after).isGreaterThan(0.95);
        }
    }

    @Test
    void theSameSeedGivesTheSameFactorsOnOneThread() {
        CsrMatrix[] data = planted(6);
        try (Bpr a = new Bpr(new Bpr.Params(8, 0.05, 0.001, 0.3, 11, 1), data[0], data[1]);
                Bpr b = new Bpr(new Bpr.Params(8, 0.05, 0.001, 0.3, 11, 1), data[0], data[1])) {
            for (int e = 0; e < 5; e++) {
                Bpr.EpochStats sa = a.epoch();
                Bpr.EpochStats sb = b.epoch();
                assertThat(sa).isEqualTo(sb);
            }
            assertThat(a.userFactors()).isEqualTo(b.userFactors());
            assertThat(a.itemFactors()).isEqualTo(b.itemFactors());
        }
    }

    @Test
    void theLossFallsAndUsersKeepTheirConstantBiasColumn() {
        CsrMatrix[] data = planted(8);
        try (Bpr bpr = new Bpr(new Bpr.Params(8, 0.05, 0.001, 0.0, 3, 1), data[0], null)) {
            double first = bpr.epoch().meanLoss();
            double last = first;
            for (int e = 0; e < 30; e++) {
                last = bpr.epoch().meanLoss();
            }
            assertThat(last).isLessThan(first * 0.8);
            int k = bpr.userFactors().k();
            for (int u = 0; u < USERS; u++) {
                assertThat(bpr.userFactors().data()[u * k + k - 1]).isEqualTo(1f);
            }
        }
    }
}
