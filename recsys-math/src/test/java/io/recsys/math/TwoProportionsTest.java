package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.math.stats.TwoProportions;
import org.junit.jupiter.api.Test;

/** Against values computed by hand (and by scipy / statsmodels for the same inputs). */
class TwoProportionsTest {

    @Test
    void theNormalDistributionsKnownQuantiles() {
        assertThat(TwoProportions.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(TwoProportions.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(TwoProportions.inverseNormalCdf(0.975)).isCloseTo(1.959964, within(1e-5));
        assertThat(TwoProportions.inverseNormalCdf(0.8)).isCloseTo(0.841621, within(1e-5));
    }

    @Test
    void aClearDifferenceIsSignificantAndEqualRatesAreNot() {
        // 100/1000 vs 150/1000: pooled 0.125, se = sqrt(0.125 * 0.875 * 0.002) = 0.014790, z = 3.3806
        TwoProportions.Result r = TwoProportions.test(100, 1000, 150, 1000);
        assertThat(r.difference()).isCloseTo(0.05, within(1e-12));
        assertThat(r.z()).isCloseTo(3.3806, within(1e-3));
        assertThat(r.pValue()).isCloseTo(0.000723, within(2e-5));
        TwoProportions.Result same = TwoProportions.test(100, 1000, 100, 1000);
        assertThat(same.z()).isZero();
        assertThat(same.pValue()).isCloseTo(1.0, within(1e-6));
        assertThat(TwoProportions.test(150, 1000, 100, 1000).z())
                .as("sign: b worse")
                .isNegative();
    }

    @Test
    void theSampleSizeForATenPercentLiftOfAFivePercentRate() {
        // p1 0.05, p2 0.055, alpha 0.05, power 0.8: (1.95996 + 0.84162)^2 (0.0475 + 0.051975) / 0.005^2 = 31,231
        assertThat(TwoProportions.sampleSizePerArm(0.05, 0.10, 0.05, 0.8)).isBetween(31_200L, 31_260L);
        assertThat(TwoProportions.sampleSizePerArm(0.05, 0.20, 0.05, 0.8))
                .as("twice the effect, about a quarter of the sample")
                .isBetween(8_000L, 8_200L);
    }
}
