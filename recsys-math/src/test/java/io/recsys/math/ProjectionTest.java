package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    @Test
    void findsThePlantedPrincipalDirectionsInOrder() {
        // 500 points in 6-d: large variance along e0, medium along e3, small noise elsewhere.
        int rows = 500;
        int d = 6;
        float[] data = new float[rows * d];
        SplittableRandom rng = new SplittableRandom(1);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                data[r * d + j] = (float) (rng.nextGaussian() * 0.05 + 3); // offset: the mean is removed
            }
            data[r * d] += (float) (rng.nextGaussian() * 10);
            data[r * d + 3] += (float) (rng.nextGaussian() * 3);
        }
        Projection p = Projection.fit(data, rows, d, 2, 30, 7);
        assertThat(Math.abs(p.direction(0, 0))).isCloseTo(1.0, within(1e-3));
        assertThat(Math.abs(p.direction(1, 3))).isCloseTo(1.0, within(1e-3));
        float[] first = p.project(data, 0);
        assertThat(first).hasSize(2);
        // the projection keeps the large component: |coordinate 0| equals |x_0 - mean_0| up to noise
        double mean0 = 0;
        for (int r = 0; r < rows; r++) {
            mean0 += data[r * d];
        }
        mean0 /= rows;
        assertThat((double) Math.abs(first[0])).isCloseTo(Math.abs(data[0] - mean0), within(0.5));
    }
}
