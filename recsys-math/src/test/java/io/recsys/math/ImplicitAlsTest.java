package io.recsys.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.recsys.math.als.ImplicitAls;
import io.recsys.math.als.ImplicitAls.Solver;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImplicitAlsTest {
    private static final int K = 4;

    /** A 12 x 9 matrix with about a third of the cells observed, values like rating + quality. */
    private static CsrMatrix observations(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        IntList r = new IntList();
        IntList c = new IntList();
        FloatList v = new FloatList();
        for (int u = 0; u < 12; u++) {
            for (int i = 0; i < 9; i++) {
                if (rng.nextDouble() < 0.35) {
                    r.add(u);
                    c.add(i);
                    v.add(1 + rng.nextInt(5) + (float) rng.nextDouble());
                }
            }
        }
        return CsrMatrix.fromTriples(12, 9, r.toArray(), c.toArray(), v.toArray());
    }

    private static ImplicitAls.Params params(Solver solver, int cgSteps, int threads) {
        return new ImplicitAls.Params(K, 0.1, 2.0, solver, cgSteps, false, 42, threads);
    }

    @Test
    void aCholeskyHalfStepSolvesTheNormalEquationsExactly() {
        CsrMatrix m = observations(1);
        try (ImplicitAls als = new ImplicitAls(params(Solver.CHOLESKY, 1, 2), m)) {
            Factors y = als.itemFactors().copy();
            als.solveUsers();
            for (int u = 0; u < m.rows(); u++) {
                double[] expected = normalEquations(m, u, y, 0.1, 2.0);
                for (int f = 0; f < K; f++) {
                    assertThat((double) als.userFactors().data()[u * K + f]).isCloseTo(expected[f], within(1e-5));
                }
            }
        }
    }

    @Test
    void conjugateGradientAgreesWithCholeskyWithin1e3() {
        CsrMatrix m = observations(2);
        // Same start, one half-step: CG (warm-started from the current factors) reaches the exact solution.
        try (ImplicitAls cg = new ImplicitAls(params(Solver.CONJUGATE_GRADIENT, 8, 1), m);
                ImplicitAls exact = new ImplicitAls(params(Solver.CHOLESKY, 1, 1), m)) {
            cg.solveUsers();
            exact.solveUsers();
            float[] a = cg.userFactors().data();
            float[] b = exact.userFactors().data();
            for (int i = 0; i < a.length; i++) {
                assertThat((double) a[i]).isCloseTo(b[i], within(1e-3));
            }
        }
        // Three CG steps per row and sweep, as in training, end at the same loss as exact solves.
        try (ImplicitAls cg = new ImplicitAls(params(Solver.CONJUGATE_GRADIENT, 3, 1), m);
                ImplicitAls exact = new ImplicitAls(params(Solver.CHOLESKY, 1, 1), m)) {
            for (int it = 0; it < 30; it++) {
                cg.iterate();
                exact.iterate();
            }
            assertThat(cg.loss()).isCloseTo(exact.loss(), within(1e-3));
        }
    }

    @Test
    void theLossDecreasesWithEverySweep() {
        try (ImplicitAls als = new ImplicitAls(params(Solver.CHOLESKY, 1, 2), observations(3))) {
            double previous = als.loss();
            for (int it = 0; it < 8; it++) {
                als.iterate();
                double loss = als.loss();
                assertThat(loss).isLessThanOrEqualTo(previous + 1e-9);
                previous = loss;
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameFactorsWhateverTheThreadCount() {
        CsrMatrix m = observations(4);
        try (ImplicitAls one = new ImplicitAls(params(Solver.CONJUGATE_GRADIENT, 3, 1), m);
                ImplicitAls two = new ImplicitAls(params(Solver.CONJUGATE_GRADIENT, 3, 2), m)) {
            for (int it = 0; it < 5; it++) {
                one.iterate();
                two.iterate();
            }
            assertThat(one.userFactors()).isEqualTo(two.userFactors());
            assertThat(one.itemFactors()).isEqualTo(two.itemFactors());
        }
    }

    /** Builds (YᵀY + Σ (c−1) y yᵀ + λI) x = Σ c y for row u and solves it by Gaussian elimination. */
    private static double[] normalEquations(CsrMatrix m, int u, Factors y, double lambda, double alpha) {
        double[][] a = new double[K][K + 1];
        for (int i = 0; i < y.rows(); i++) {
            for (int p = 0; p < K; p++) {
                for (int q = 0; q < K; q++) {
                    a[p][q] += (double) y.data()[i * K + p] * y.data()[i * K + q];
                }
            }
        }
        for (int p = 0; p < K; p++) {
            a[p][p] += lambda;
        }
        for (int e = m.rowStart(u); e < m.rowEnd(u); e++) {
            int i = m.columnAt(e);
            double c = 1 + alpha * m.valueAt(e);
            for (int p = 0; p < K; p++) {
                a[p][K] += c * y.data()[i * K + p];
                for (int q = 0; q < K; q++) {
                    a[p][q] += (c - 1) * y.data()[i * K + p] * y.data()[i * K + q];
                }
            }
        }
        for (int col = 0; col < K; col++) {
            int pivot = col;
            for (int r = col + 1; r < K; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = 0; r < K; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int q = col; q <= K; q++) {
                        a[r][q] -= f * a[col][q];
                    }
                }
            }
        }
        double[] x = new double[K];
        for (int p = 0; p < K; p++) {
            x[p] = a[p][K] / a[p][p];
        }
        return x;
    }
}
