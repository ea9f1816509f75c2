package io.recsys.core.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CanarySplitTest {

    @Test
    void theShareOfUsersInTheCanaryIsTheConfiguredShare() {
        for (double share : new double[] {0.01, 0.1, 0.5}) {
            int in = 0;
            int n = 200_000;
            for (int u = 0; u < n; u++) {
                if (CanarySplit.inCanary("als-20261204", "user-" + u, share)) {
                    in++;
                }
            }
            // Binomial: 4 standard deviations of n·share·(1 − share).
            double sd = Math.sqrt(n * share * (1 - share));
            assertThat((double) in).isCloseTo(n * share, within(4 * sd));
        }
    }

    @Test
    void aLargerShareKeepsEveryUserOfTheSmallerOne() {
        for (int u = 0; u < 10_000; u++) {
            String user = "user-" + u;
            if (CanarySplit.inCanary("m", user, 0.05)) {
                assertThat(CanarySplit.inCanary("m", user, 0.2)).isTrue();
            }
        }
    }

    @Test
    void eachCanaryTriesADifferentSliceOfUsers() {
        int both = 0;
        int first = 0;
        for (int u = 0; u < 100_000; u++) {
            String user = "user-" + u;
            boolean a = CanarySplit.inCanary("model-a", user, 0.1);
            boolean b = CanarySplit.inCanary("model-b", user, 0.1);
            first += a ? 1 : 0;
            both += a && b ? 1 : 0;
        }
        // Independent slices overlap by share² (1 %), not by the share (10 %).
        assertThat(both).isBetween(700, 1300);
        assertThat(first).isBetween(9_500, 10_500);
    }

    /**
     * The arm is a pure function of the two ids: these positions were computed when the split was
     * written. A change to the hash would move users between arms in the middle of a running canary
     * (replicas on the old and the new version disagreeing), so it has to be a deliberate one.
     */
    @Test
    void positionsAreTheSameOnEveryReplicaAndAfterEveryRestart() {
        assertThat(CanarySplit.position("als-20261204", "u0")).isEqualTo(GOLDEN_U0);
        assertThat(CanarySplit.position("als-20261204", "shopper-42")).isEqualTo(GOLDEN_SHOPPER_42);
        assertThat(CanarySplit.position("bpr-1", "u0")).isEqualTo(GOLDEN_BPR_U0);
    }

    @Test
    void noUserIdIsNeverInTheCanary() {
        assertThat(CanarySplit.inCanary("m", null, 0.99)).isFalse();
        assertThat(CanarySplit.position("m", "")).isBetween(0.0, 1.0);
    }

    private static final double GOLDEN_U0 = 0.4408874664015814;
    private static final double GOLDEN_SHOPPER_42 = 0.02674019856687948;
    private static final double GOLDEN_BPR_U0 = 0.33732990311868283;
}
