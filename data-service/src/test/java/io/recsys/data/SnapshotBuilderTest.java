package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.artifact.snapshot.InteractionKind;
import io.recsys.data.snapshot.ImplicitWeights;
import io.recsys.data.snapshot.InteractionTable;
import io.recsys.data.snapshot.Snapshot;
import io.recsys.data.snapshot.SnapshotBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A seven-row table worked out by hand (see the comments per assertion). */
class SnapshotBuilderTest {
    // rows:       0      1      2      3      4      5      6
    // user:       A      B      A      C      B      A      B
    // item:       x      y      y      x      x      x      z
    // rating:     5      2      3      4      4      4      5
    // time:       10     5      20     1      30     15     30
    // quality:    .5     0      0      0      .6     0      0
    private final InteractionTable table = new InteractionTable(
            List.of("A", "B", "C"),
            List.of("x", "y", "z"),
            new int[] {0, 1, 0, 2, 1, 0, 1},
            new int[] {0, 1, 1, 0, 0, 0, 2},
            new float[] {5, 2, 3, 4, 4, 4, 5},
            new long[] {10, 5, 20, 1, 30, 15, 30},
            new float[] {0.5f, 0, 0, 0, 0.6f, 0, 0},
            new int[7]);
    /** view 0.3, click 0.5, add-to-cart 0.7; confidence = weight x 5; positive from 0.5. */
    static final ImplicitWeights WEIGHTS = new ImplicitWeights(0.3, 0.5, 0.7, 5, 0.5);

    private final Snapshot s = new SnapshotBuilder(4, 3, 2, 2, WEIGHTS).build(table);

    @Test
    void usersWithTwoInteractionsAreTrainableInTheOrderTheyBecameSo() {
        // A's second interaction is row 2, B's is row 4; C has one interaction.
        assertThat(s.trainableUsers()).containsExactly(0, 1);
        assertThat(s.coldStartUsers()).containsExactly("C");
    }

    @Test
    void theLatestInteractionIsHeldOutAndTiesGoToTheLaterRow() {
        // A: latest is row 2 (y, 3 stars); B: rows 4 and 6 both at t=30, row 6 (z, 5 stars) wins.
        assertThat(s.testItem()).containsExactly(1, 2);
        assertThat(s.testRating()).containsExactly(3f, 5f);
        assertThat(s.testPositive()).containsExactly(0, 1);
        assertThat(s.testTimestamp()).containsExactly(20L, 30L);
    }

    @Test
    void trainCellsTakeTheLatestRepeatAndConfidenceIsRatingPlusQuality() {
        // A bought x twice in train (t=10 rating 5, t=15 rating 4): the later one counts -> 4 + 0.
        // B: x -> 4 + 0.6, y -> 2 + 0.
        assertThat(s.confidence().rows()).isEqualTo(2);
        assertThat(s.confidence().cols()).isEqualTo(3);
        assertThat(s.confidence().indptr()).containsExactly(0, 1, 3);
        assertThat(s.confidence().indices()).containsExactly(0, 0, 1);
        assertThat(s.confidence().values()).containsExactly(4.0f, 4.6f, 2.0f);
        assertThat(s.trainInteractions()).isEqualTo(4);
    }

    @Test
    void binaryHoldsPositivesAndHardNegativesHoldLowRatings() {
        assertThat(s.binary().indptr()).containsExactly(0, 1, 2);
        assertThat(s.binary().indices()).containsExactly(0, 0);
        assertThat(s.hardNegatives().indptr()).containsExactly(0, 0, 1);
        assertThat(s.hardNegatives().indices()).containsExactly(1);
    }

    @Test
    void statsDescribeTheWholeTable() {
        Map<String, Object> st = s.stats();
        assertThat(st)
                .containsEntry("interactions", 7)
                .containsEntry("users", 3)
                .containsEntry("items", 3)
                .containsEntry("trainable_users", 2)
                .containsEntry("cold_start_users", 1)
                .containsEntry("train_cells", 3)
                .containsEntry("test_interactions", 2);
        assertThat((Double) st.get("sparsity")).isEqualTo(0.5);
        assertThat(s.itemPopularity()).containsExactly(4, 2, 1);
        @SuppressWarnings("unchecked")
        Map<String, Object> dist = (Map<String, Object>) st.get("rating_distribution");
        assertThat(dist)
                .containsExactly(
                        Map.entry("2", 1 / 7.0),
                        Map.entry("3", 1 / 7.0),
                        Map.entry("4", 3 / 7.0),
                        Map.entry("5", 2 / 7.0));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) st.get("top_items");
        assertThat(top).extracting(m -> m.get("item_id")).containsExactly("x", "y");
    }

    /**
     * Events beside reviews. U: a 2-star review of x, then a click on x (the rating wins: a hard
     * negative stays one); a view then an add-to-cart of y (the stronger wins: 3.5, a positive);
     * a view of z only (1.5, not a positive, not a hard negative); the latest row, a view of w, is
     * held out as a non-positive.
     */
    @Test
    void implicitRowsAreWeightedNeverHardNegativesAndARatingOfTheSamePairWins() {
        int review = InteractionKind.REVIEW.code();
        int view = InteractionKind.VIEW.code();
        int click = InteractionKind.CLICK.code();
        int cart = InteractionKind.ADD_TO_CART.code();
        float nan = Float.NaN;
        InteractionTable mixed = new InteractionTable(
                List.of("U"),
                List.of("x", "y", "z", "w"),
                new int[] {0, 0, 0, 0, 0, 0},
                new int[] {0, 0, 1, 1, 2, 3},
                new float[] {2, nan, nan, nan, nan, nan},
                new long[] {1, 2, 3, 4, 5, 6},
                new float[6],
                new int[] {review, click, view, cart, view, view});
        Snapshot m = new SnapshotBuilder(4, 3, 2, 2, WEIGHTS).build(mixed);
        assertThat(m.confidence().indices()).containsExactly(0, 1, 2);
        assertThat(m.confidence().values()).containsExactly(2f, 3.5f, 1.5f);
        assertThat(m.binary().indices()).containsExactly(1);
        assertThat(m.hardNegatives().indices()).containsExactly(0);
        assertThat(m.testItem()).containsExactly(3);
        assertThat(m.testPositive()).containsExactly(0);
        assertThat(m.stats())
                .containsEntry("rating_counts", Map.of("2", 1L))
                .containsEntry("mean_rating", 2.0)
                .containsEntry(
                        "interactions_by_kind", Map.of("review", 1L, "add_to_cart", 1L, "click", 1L, "view", 3L));
    }
}
