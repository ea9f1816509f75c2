package io.recsys.math.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.eval.TopK;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExactTopKTest {

    /**
     * Factor tables shaped like trained ones: item norms spread over two orders of magnitude (rare
     * items small, popular ones large) and a shared "popularity" direction users lean towards.
     */
    private static Factors skewedFactors(int rows, int k, long seed, boolean users) {
        Random random = new Random(seed);
        float[] data = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            double norm = users ? 1.0 : Math.exp(random.nextGaussian() * 1.2) * 0.1;
            for (int f = 0; f < k; f++) {
                data[r * k + f] = (float) (random.nextGaussian() * norm);
            }
            data[r * k] += (float) (users ? 2.0 : norm * 3 * random.nextDouble()); // the shared direction
        }
        return new Factors(rows, k, data);
    }

    /** The reference: every item's {@link Dense#dot}, the best k kept with ties to the smaller index. */
    private static int bruteForce(
            Factors items, float[] q, int qo, int k, CsrMatrix excluded, int row, int[] outItems, float[] outScores) {
        TopK top = new TopK(k);
        int next = row >= 0 ? excluded.rowStart(row) : 0;
        int end = row >= 0 ? excluded.rowEnd(row) : 0;
        for (int i = 0; i < items.rows(); i++) {
            if (next < end && excluded.columnAt(next) == i) {
                next++;
                continue;
            }
            top.offer(i, Dense.dot(q, qo, items.data(), i * items.k(), items.k()));
        }
        return top.drainBestFirst(outItems, outScores);
    }

    /** Sizes that leave a partial last block and widths that are not a multiple of four or of the lanes. */
    @ParameterizedTest
    @CsvSource({
        "5003, 64, 20, true",
        "5003, 64, 20, false",
        "4096, 37, 50, true",
        "977, 3, 10, true",
        "3001, 65, 1, true",
        "3001, 65, 100, false"
    })
    void sameItemsAndScoresAsScoringEveryItem(int n, int k, int topK, boolean vector) {
        Factors items = skewedFactors(n, k, n + k, false);
        Factors users = skewedFactors(60, k, 7, true);
        QuantizedItems compact = QuantizedItems.of(items, vector);
        ExactTopK selector = new ExactTopK(100);
        int[] got = new int[topK];
        float[] gotScores = new float[topK];
        int[] want = new int[topK];
        float[] wantScores = new float[topK];
        long exactScores = 0;
        for (int u = 0; u < users.rows(); u++) {
            int m = selector.select(compact, items, users.data(), u * k, topK, null, -1, got, gotScores);
            int w = bruteForce(items, users.data(), u * k, topK, null, -1, want, wantScores);
            assertThat(m).isEqualTo(w).isEqualTo(topK);
            assertThat(got).as("user %d", u).containsExactly(want);
            assertThat(gotScores).as("user %d", u).containsExactly(wantScores);
            exactScores += selector.lastExactScores();
        }
        // The point of it: most items never get an exact score.
        assertThat(exactScores / users.rows()).isLessThan(Math.max(n / 5, 4L * topK));
    }

    @Test
    void excludedItemsNeverComeBackAndTheRestMatchesTheReference() {
        int n = 2000;
        int k = 16;
        Factors items = skewedFactors(n, k, 11, false);
        Factors users = skewedFactors(30, k, 12, true);
        QuantizedItems compact = QuantizedItems.of(items);
        // Each user has already seen exactly their reference top 15, plus a few others.
        int[] best = new int[15];
        float[] bestScores = new float[15];
        int[] rows = new int[30 * 18];
        int[] cols = new int[30 * 18];
        int e = 0;
        for (int u = 0; u < 30; u++) {
            bruteForce(items, users.data(), u * k, 15, null, -1, best, bestScores);
            int[] seen = Arrays.copyOf(best, 18);
            seen[15] = u;
            seen[16] = 100 + u;
            seen[17] = n - 1;
            for (int s : Arrays.stream(seen).distinct().toArray()) {
                rows[e] = u;
                cols[e++] = s;
            }
        }
        float[] ones = new float[e];
        Arrays.fill(ones, 1f);
        CsrMatrix seen = CsrMatrix.fromTriples(30, n, Arrays.copyOf(rows, e), Arrays.copyOf(cols, e), ones);
        ExactTopK selector = new ExactTopK(20);
        int[] got = new int[20];
        float[] gotScores = new float[20];
        int[] want = new int[20];
        float[] wantScores = new float[20];
        for (int u = 0; u < 30; u++) {
            selector.select(compact, items, users.data(), u * k, 20, seen, u, got, gotScores);
            bruteForce(items, users.data(), u * k, 20, seen, u, want, wantScores);
            assertThat(got).containsExactly(want);
            for (int p = seen.rowStart(u); p < seen.rowEnd(u); p++) {
                assertThat(got).doesNotContain(seen.columnAt(p));
            }
        }
    }

    @Test
    void fewerEligibleItemsThanAskedForGivesAllOfThemBestFirst() {
        Factors items = skewedFactors(12, 8, 3, false);
        Factors user = skewedFactors(1, 8, 4, true);
        // Items 0..8 seen: three are left.
        CsrMatrix seen = CsrMatrix.fromTriples(1, 12, new int[9], new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, new float[9]);
        int[] got = new int[10];
        float[] gotScores = new float[10];
        int m = new ExactTopK(10).select(QuantizedItems.of(items), items, user.data(), 0, 10, seen, 0, got, gotScores);
        assertThat(m).isEqualTo(3);
        assertThat(Arrays.copyOf(got, 3)).containsExactlyInAnyOrder(9, 10, 11);
        assertThat(gotScores[0]).isGreaterThanOrEqualTo(gotScores[1]);
        assertThat(gotScores[1]).isGreaterThanOrEqualTo(gotScores[2]);
    }

    @Test
    void identicalItemsTieToTheSmallerIndexAsTheReferenceDoes() {
        int k = 8;
        Factors base = skewedFactors(1, k, 5, false);
        float[] data = new float[300 * k];
        for (int i = 0; i < 300; i++) {
            System.arraycopy(base.data(), 0, data, i * k, k); // 300 copies of one item
        }
        Factors items = new Factors(300, k, data);
        Factors user = skewedFactors(1, k, 6, true);
        int[] got = new int[5];
        new ExactTopK(5).select(QuantizedItems.of(items), items, user.data(), 0, 5, null, -1, got, new float[5]);
        assertThat(got).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void approximateScoresStayWithinTheirStatedBound() {
        int k = 64;
        Factors items = skewedFactors(3000, k, 21, false);
        Factors users = skewedFactors(20, k, 22, true);
        for (boolean vector : new boolean[] {true, false}) {
            QuantizedItems compact = QuantizedItems.of(items, vector);
            float[] approx = new float[QuantizedItems.paddedLength(items.rows())];
            for (int u = 0; u < users.rows(); u++) {
                compact.approximate(users.data(), u * k, approx);
                float c = compact.errorCoefficient(users.data(), u * k);
                double worst = 0;
                for (int i = 0; i < items.rows(); i++) {
                    float exact = Dense.dot(users.data(), u * k, items.data(), i * k, k);
                    double error = Math.abs(approx[i] - exact);
                    assertThat(error).as("item %d", i).isLessThanOrEqualTo(c * compact.scale(i));
                    worst = Math.max(worst, error / (c * compact.scale(i)));
                }
                // Not so loose that it would re-rank everything: the worst item uses a real share of it.
                assertThat(worst).isGreaterThan(0.05);
            }
        }
    }

    @Test
    void theCompactTableIsAQuarterOfTheFloatTable() {
        Factors items = skewedFactors(40_960, 64, 1, false);
        assertThat(QuantizedItems.of(items).bytes()).isLessThan(items.data().length * 4L / 3);
    }

    @Test
    void askingForMoreThanTheSelectorHoldsIsRefused() {
        Factors items = skewedFactors(50, 4, 1, false);
        assertThatThrownBy(() -> new ExactTopK(10)
                        .select(
                                QuantizedItems.of(items),
                                items,
                                new float[4],
                                0,
                                11,
                                null,
                                -1,
                                new int[11],
                                new float[11]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11");
    }
}
