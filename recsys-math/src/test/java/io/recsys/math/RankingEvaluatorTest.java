package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.math.eval.ItemScorer;
import io.recsys.math.eval.PopularityScorer;
import io.recsys.math.eval.RankingEvaluator;
import io.recsys.math.eval.TopK;
import org.junit.jupiter.api.Test;

/** Metrics on cases worked out by hand. */
class RankingEvaluatorTest {

    private static ItemScorer fixed(float[] scores) {
        return new ItemScorer() {
            @Override
            public int items() {
                return scores.length;
            }

            @Override
            public void score(int user, float[] out) {
                System.arraycopy(scores, 0, out, 0, scores.length);
            }
        };
    }

    @Test
    void topKKeepsTheBestAndBreaksTiesByItemIndex() {
        TopK top = new TopK(3);
        float[] s = {0.5f, 0.9f, 0.1f, 0.9f, 0.7f};
        for (int i = 0; i < s.length; i++) {
            top.offer(i, s[i]);
        }
        int[] out = new int[3];
        float[] scores = new float[3];
        assertThat(top.drainBestFirst(out, scores)).isEqualTo(3);
        assertThat(out).containsExactly(1, 3, 4);
        assertThat(scores).containsExactly(0.9f, 0.9f, 0.7f);
    }

    @Test
    void recallPrecisionHitRateAndNdcgOnOneUser() {
        // Item 0 is seen in train and excluded. Ranking of the rest: 2 (8), 5 (7), 1 (5), 4 (3), 3 (1).
        // Test items {2, 4}: hits at ranks 1 and 4.
        CsrMatrix train = CsrMatrix.fromTriples(1, 6, new int[] {0}, new int[] {0}, new float[] {1});
        CsrMatrix test = CsrMatrix.fromTriples(1, 6, new int[] {0, 0}, new int[] {2, 4}, new float[] {1, 1});
        RankingEvaluator.Result r =
                RankingEvaluator.evaluate(fixed(new float[] {9, 5, 8, 1, 3, 7}), train, test, new int[] {2, 5}, 1);
        assertThat(r.usersEvaluated()).isEqualTo(1);
        assertThat(r.get("recall@2")).isEqualTo(0.5);
        assertThat(r.get("precision@2")).isEqualTo(0.5);
        assertThat(r.get("hr@2")).isEqualTo(1.0);
        // DCG = 1/log2(2) = 1; IDCG = 1 + 1/log2(3)
        assertThat(r.get("ndcg@2")).isCloseTo(1 / (1 + 1 / log2(3)), within(1e-12));
        assertThat(r.get("recall@5")).isEqualTo(1.0);
        assertThat(r.get("precision@5")).isEqualTo(0.4);
        // DCG = 1 + 1/log2(5)
        assertThat(r.get("ndcg@5")).isCloseTo((1 + 1 / log2(5)) / (1 + 1 / log2(3)), within(1e-12));
        assertThat(r.get("coverage@2")).isCloseTo(2 / 6.0, within(1e-12));
    }

    @Test
    void usersWithoutTestItemsAreLeftOutAndAMissIsZero() {
        CsrMatrix train = CsrMatrix.fromTriples(3, 4, new int[] {}, new int[] {}, new float[] {});
        CsrMatrix test = CsrMatrix.fromTriples(3, 4, new int[] {0, 2}, new int[] {3, 0}, new float[] {1, 1});
        RankingEvaluator.Result r =
                RankingEvaluator.evaluate(fixed(new float[] {4, 3, 2, 1}), train, test, new int[] {1}, 2);
        assertThat(r.usersEvaluated()).isEqualTo(2);
        // user 0 wants item 3 (ranked last): miss; user 2 wants item 0 (ranked first): hit.
        assertThat(r.get("recall@1")).isEqualTo(0.5);
        assertThat(r.get("hr@1")).isEqualTo(0.5);
    }

    @Test
    void popularityBaselineRanksByTrainCountsAndSkipsSeenItems() {
        // Item popularity in train: item 1 (3 users), item 2 (2), item 0 (1), item 3 (0).
        CsrMatrix train = CsrMatrix.fromTriples(
                3, 4, new int[] {0, 0, 1, 1, 2, 2}, new int[] {1, 2, 1, 2, 1, 0}, new float[] {1, 1, 1, 1, 1, 1});
        // user 2 has seen items 0 and 1, so its top-1 is item 2.
        CsrMatrix test = CsrMatrix.fromTriples(3, 4, new int[] {2}, new int[] {2}, new float[] {1});
        RankingEvaluator.Result r =
                RankingEvaluator.evaluate(new PopularityScorer(train), train, test, new int[] {1}, 1);
        assertThat(r.get("recall@1")).isEqualTo(1.0);
        assertThat(r.get("popularity@1")).isEqualTo(2.0);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
