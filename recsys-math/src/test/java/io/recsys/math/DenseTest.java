package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DenseTest {

    /** Widths below, at and above the lane count, and ones with a scalar tail. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 17, 32, 64, 67})
    void gatheredDotsAndAccumulationMatchThePlainLoops(int n) {
        Random random = new Random(n);
        int tableRows = 9;
        float[] table = new float[tableRows * n];
        for (int i = 0; i < table.length; i++) {
            table[i] = random.nextFloat() - 0.5f;
        }
        // Row 1 of this matrix names table rows 0, 4 and 8; rows 0 and 2 are there to shift the offsets.
        CsrMatrix m = CsrMatrix.fromTriples(
                3, tableRows, new int[] {0, 1, 1, 1, 2}, new int[] {2, 0, 4, 8, 5}, new float[] {1, 1, 1, 1, 1});
        int[] named = {0, 4, 8};
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat() - 0.5f;
        }

        // Row 1 holds entries 1..3; write the products from out[2] on, to check the offsets.
        float[] dots = new float[5];
        Dense.gatherDots(m, m.rowStart(1), m.rowEnd(1), table, n, v, dots, 2);
        assertThat(dots[0]).isZero();
        assertThat(dots[1]).isZero();
        for (int j = 0; j < 3; j++) {
            double expected = 0;
            for (int f = 0; f < n; f++) {
                expected += table[named[j] * n + f] * v[f];
            }
            assertThat((double) dots[2 + j]).as("dot with row %d", named[j]).isCloseTo(expected, within(1e-5));
        }

        float[] weights = {99f, 0.5f, -2f, 3f};
        float[] acc = new float[n];
        float[] expected = new float[n];
        for (int f = 0; f < n; f++) {
            acc[f] = f;
            expected[f] = f;
            for (int j = 0; j < 3; j++) {
                expected[f] += weights[1 + j] * table[named[j] * n + f];
            }
        }
        Dense.gatherAxpy(m, m.rowStart(1), m.rowEnd(1), table, n, weights, 1, acc);
        for (int f = 0; f < n; f++) {
            assertThat(acc[f]).as("component %d", f).isCloseTo(expected[f], within(1e-5f));
        }
    }
}
