package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.monitor.drift.DriftMath;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DriftMathTest {
    @Test
    void chiSquarePValuesMatchTheTables() {
        // Expected 25 per category of 100: observed 30/20/25/25 → χ² = (25 + 25) / 25 = 2, df 3, p = 0.5724.
        DriftMath.ChiSquare c = DriftMath.chiSquare(new long[] {30, 20, 25, 25}, new double[] {0.25, 0.25, 0.25, 0.25});
        assertThat(c.statistic()).isCloseTo(2.0, within(1e-12));
        assertThat(c.degreesOfFreedom()).isEqualTo(3);
        assertThat(c.pValue()).isCloseTo(0.5724, within(1e-4));
        // The 5 % critical values: 3.841 for df 1, 9.488 for df 4.
        assertThat(DriftMath.chiSquare(new long[] {1, 0}, new double[] {0.5, 0.5})
                        .pValue())
                .isCloseTo(0.3173, within(1e-4)); // χ² = 1, df 1
        double[] five = {0.2, 0.2, 0.2, 0.2, 0.2};
        assertThat(DriftMath.chiSquare(new long[] {100, 100, 100, 100, 100}, five)
                        .pValue())
                .isCloseTo(1.0, within(1e-12));
        // A category the baseline never had: plainly different.
        assertThat(DriftMath.chiSquare(new long[] {5, 5}, new double[] {1, 0}).pValue())
                .isZero();
    }

    @Test
    void aLargeStatisticGoesThroughTheContinuedFraction() {
        // Expected 20 each: (30, 10, 30, 10, 20) → χ² = 400 / 20 = 20, df 4, p = 4.994e-4 (tables).
        DriftMath.ChiSquare c =
                DriftMath.chiSquare(new long[] {30, 10, 30, 10, 20}, new double[] {0.2, 0.2, 0.2, 0.2, 0.2});
        assertThat(c.statistic()).isCloseTo(20.0, within(1e-12));
        assertThat(c.pValue()).isCloseTo(4.994e-4, within(1e-6));
    }

    @Test
    void differencesJaccardPsiAndRelativeChange() {
        double[] p = DriftMath.shares(new long[] {1, 1, 2});
        double[] q = DriftMath.shares(new long[] {0, 2, 2});
        assertThat(p).containsExactly(0.25, 0.25, 0.5);
        assertThat(DriftMath.maxAbsoluteDifference(p, q)).isEqualTo(0.25);
        assertThat(DriftMath.totalAbsoluteDifference(p, q)).isEqualTo(0.5);
        assertThat(DriftMath.jaccard(Set.of("a", "b", "c"), Set.of("b", "c", "d")))
                .isEqualTo(0.5);
        assertThat(DriftMath.jaccard(Set.of(), Set.of())).isEqualTo(1.0);
        // PSI: (0.6 − 0.5) ln(0.6 / 0.5) + (0.4 − 0.5) ln(0.4 / 0.5) = 0.0405
        assertThat(DriftMath.psi(Map.of("x", 0.5, "y", 0.5), Map.of("x", 0.6, "y", 0.4)))
                .isCloseTo(0.1 * Math.log(1.2) - 0.1 * Math.log(0.8), within(1e-12));
        assertThat(DriftMath.psi(Map.of("x", 1.0), Map.of("x", 1.0))).isZero();
        assertThat(DriftMath.relativeChange(10, 13)).isCloseTo(0.3, within(1e-12));
        assertThat(DriftMath.relativeChange(0, 0)).isZero();
    }

    @Test
    void kolmogorovSmirnovOnStarCountsMatchesTheKolmogorovDistribution() {
        // Cumulative shares (0.1, 0.2, 0.4, 0.7, 1) against (0.3, 0.5, 0.7, 0.85, 1): D = 0.3 at 2 stars.
        // nₑ = 100·100/200 = 50, λ = (√50 + 0.12 + 0.11/√50)·0.3 = 2.16199; scipy.stats.kstwobign.sf(λ) = 1.74213e-4.
        DriftMath.KsTest ks =
                DriftMath.kolmogorovSmirnov(new long[] {10, 10, 20, 30, 30}, new long[] {30, 20, 20, 15, 15});
        assertThat(ks.statistic()).isCloseTo(0.3, within(1e-12));
        assertThat(ks.effectiveN()).isCloseTo(50, within(1e-12));
        assertThat(ks.pValue()).isCloseTo(1.74213e-4, within(1e-8));
        // The same shares in any volume: no difference, p = 1.
        assertThat(DriftMath.kolmogorovSmirnov(new long[] {1, 2, 3, 4, 5}, new long[] {10, 20, 30, 40, 50})
                        .pValue())
                .isEqualTo(1.0);
        // D = 0.1 on 100 against 100 (λ = 0.72066): Q = 0.67662, not significant.
        assertThat(DriftMath.kolmogorovSmirnov(new long[] {20, 20, 20, 20, 20}, new long[] {30, 20, 20, 20, 10})
                        .pValue())
                .isCloseTo(0.67662, within(1e-5));
        // Nothing on one side: nothing to test.
        assertThat(DriftMath.kolmogorovSmirnov(new long[] {0, 0, 0, 0, 0}, new long[] {1, 1, 1, 1, 1})
                        .pValue())
                .isEqualTo(1.0);
    }

    @Test
    void spearmanRanksWithTiesAsScipyDoes() {
        // scipy.stats.spearmanr: 0.8207826816681233 and (with ties on both sides) 0.368421052631579.
        assertThat(DriftMath.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {5, 6, 7, 8, 7}))
                .isCloseTo(0.8207826816681233, within(1e-12));
        assertThat(DriftMath.spearman(new double[] {10, 0, 5, 3, 3}, new double[] {8, 2, 0, 4, 4}))
                .isCloseTo(0.368421052631579, within(1e-12));
        assertThat(DriftMath.spearman(new double[] {1, 2, 3}, new double[] {30, 20, 10}))
                .isCloseTo(-1.0, within(1e-12));
        // No spread on one side, or a single pair: no ranking to compare.
        assertThat(DriftMath.spearman(new double[] {1, 2, 3}, new double[] {4, 4, 4}))
                .isNaN();
        assertThat(DriftMath.spearman(new double[] {1}, new double[] {2})).isNaN();
    }
}
