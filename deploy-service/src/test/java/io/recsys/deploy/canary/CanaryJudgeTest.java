package io.recsys.deploy.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.deploy.canary.CanaryJudge.Arm;
import io.recsys.deploy.canary.CanaryJudge.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The judge's verdicts on planted numbers: better, worse, undecided, not yet, and each guard. */
class CanaryJudgeTest {
    // 5 % significance, a 20 % lift worth seeing, power 0.8: about 3,800 impressions an arm at 10 % CTR
    private final CanaryJudge judge =
            new CanaryJudge(new CanaryJudge.Settings(0.05, 0.20, 0.8, 0.05, Duration.ofHours(24), 0.01, 50, 0.5, 100));

    private static Arm arm(long impressions, long clicked) {
        return new Arm(impressions, clicked, impressions, 0, 0, 5);
    }

    @Test
    void significantlyBetterIsPromotedAndWorseRolledBack() {
        var better = judge.judge(arm(5000, 500), arm(5000, 650), Duration.ofHours(3));
        assertThat(better.verdict()).isEqualTo(Verdict.PROMOTE);
        assertThat(better.reason()).startsWith("significantly better: CTR 13.00% against production's 10.00%");
        assertThat((double) better.numbers().get("p_value")).isLessThan(0.05);
        var worse = judge.judge(arm(5000, 500), arm(5000, 380), Duration.ofHours(3));
        assertThat(worse.verdict()).isEqualTo(Verdict.ROLL_BACK);
        assertThat(worse.reason()).startsWith("significantly worse");
    }

    @Test
    void aDifferenceTheTestCannotTellFromChanceKeepsProductionOnceTheSampleIsThere() {
        var same = judge.judge(arm(5000, 500), arm(5000, 520), Duration.ofHours(3));
        assertThat(same.verdict()).isEqualTo(Verdict.KEEP_PRODUCTION);
        assertThat(same.reason()).startsWith("no significant difference");
    }

    @Test
    void tooFewImpressionsWaitUntilTheDeadlineThenKeepProduction() {
        // the same 30 % lift, but 400 impressions an arm: far below what a 20 % effect needs
        var early = judge.judge(arm(400, 40), arm(400, 52), Duration.ofHours(2));
        assertThat(early.verdict()).isEqualTo(Verdict.CONTINUE);
        assertThat((long) early.numbers().get("needed_impressions_per_arm")).isBetween(3_500L, 4_000L);
        var late = judge.judge(arm(400, 40), arm(400, 52), Duration.ofHours(24));
        assertThat(late.verdict()).isEqualTo(Verdict.KEEP_PRODUCTION);
        assertThat(late.reason()).startsWith("undecided at the deadline (PT24H): 400 of the");
    }

    @Test
    void aGuardBreachRollsBackWhateverTheClicks() {
        var errors = judge.judge(arm(5000, 500), new Arm(5000, 900, 5000, 100, 0, 5), Duration.ofHours(1));
        assertThat(errors.verdict()).isEqualTo(Verdict.ROLL_BACK);
        assertThat(errors.reason()).contains("error rate 2.00% above 1.00%");
        var slow = judge.judge(arm(5000, 500), new Arm(5000, 900, 5000, 0, 0, 80), Duration.ofHours(1));
        assertThat(slow.reason()).contains("p99 latency 80.0 ms above 50.0 ms");
        var fallbacks = judge.judge(arm(5000, 500), new Arm(5000, 900, 5000, 0, 3000, 5), Duration.ofHours(1));
        assertThat(fallbacks.verdict()).isEqualTo(Verdict.ROLL_BACK);
        assertThat(fallbacks.reason()).contains("fallback rate 60.0% above 50.0%");
    }

    @Test
    void theGuardsWaitForEnoughRequestsForARateToMeanSomething() {
        // Two errors and a cold-start p99 in the first 20 requests (the deploy smoke test's): no verdict yet.
        var early = judge.judge(arm(50, 5), new Arm(50, 6, 20, 2, 1, 900), Duration.ofMinutes(5));
        assertThat(early.verdict()).isEqualTo(Verdict.CONTINUE);
        var enough = judge.judge(arm(50, 5), new Arm(50, 6, 100, 10, 1, 5), Duration.ofMinutes(5));
        assertThat(enough.verdict()).isEqualTo(Verdict.ROLL_BACK);
    }
}
