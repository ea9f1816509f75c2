package io.recsys.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromotionGateTest {
    private final PromotionGate gate = new PromotionGate(0.0, 0.005);

    @Test
    void aCandidateAboveBaselineWithNoChampionIsPromoted() {
        assertThat(gate.decide("recall@10", 0.12, 0.05, null).verdict()).isEqualTo(PromotionGate.Verdict.PROMOTE);
    }

    @Test
    void aWorseOrTiedCandidateNeverReplacesTheChampion() {
        assertThat(gate.decide("recall@10", 0.10, 0.05, 0.11).verdict())
                .isEqualTo(PromotionGate.Verdict.NOT_BETTER_THAN_CHAMPION);
        assertThat(gate.decide("recall@10", 0.11, 0.05, 0.11).verdict())
                .isEqualTo(PromotionGate.Verdict.NOT_BETTER_THAN_CHAMPION);
        // better, but not by the required margin of 0.005
        assertThat(gate.decide("recall@10", 0.114, 0.05, 0.11).verdict())
                .isEqualTo(PromotionGate.Verdict.NOT_BETTER_THAN_CHAMPION);
        assertThat(gate.decide("recall@10", 0.116, 0.05, 0.11).verdict()).isEqualTo(PromotionGate.Verdict.PROMOTE);
    }

    @Test
    void aCandidateAtOrBelowThePopularityBaselineIsRejectedFirst() {
        PromotionGate.Decision d = gate.decide("recall@10", 0.04, 0.05, null);
        assertThat(d.verdict()).isEqualTo(PromotionGate.Verdict.BELOW_BASELINE);
        assertThat(d.reason()).contains("0.0400").contains("0.0500");
        assertThat(gate.decide("recall@10", 0.05, 0.05, 0.01).verdict())
                .isEqualTo(PromotionGate.Verdict.BELOW_BASELINE);
    }

    @Test
    void theDropIsRelativeToTheRegisteredScoreAndNeverNegative() {
        assertThat(PromotionGate.relativeDrop(0.20, 0.17)).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(PromotionGate.relativeDrop(0.20, 0.25)).isZero();
        assertThat(PromotionGate.relativeDrop(0.0, 0.1)).isZero();
    }
}
