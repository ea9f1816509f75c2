package io.recsys.math.als;

/**
 * In-place Cholesky factorisation {@code A = L Lᵀ} of a symmetric positive-definite {@code k x k}
 * matrix (row-major doubles) and the two triangular solves. Solve, never invert. One instance per
 * thread: it owns its buffers.
 */
public final class Cholesky {
    private final int k;
    private final double[] a;
    private final double[] y;

    public Cholesky(int k) {
        this.k = k;
        this.a = new double[k * k];
        this.y = new double[k];
    }

    /** The matrix to factorise; fill it, then call {@link #solve}. */
    public double[] matrix() {
        return a;
    }

    /**
     * Factorises {@link #matrix()} and overwrites {@code b} with the solution of {@code A x = b}.
     *
     * @throws ArithmeticException when the matrix is not positive definite
     */
    public void solve(double[] b) {
        for (int j = 0; j < k; j++) {
            int rj = j * k;
            double d = a[rj + j];
            for (int p = 0; p < j; p++) {
                d -= a[rj + p] * a[rj + p];
            }
            if (!(d > 0)) {
                throw new ArithmeticException(
                        "matrix is not positive definite (pivot " + j + " = " + d + "); increase the regularisation");
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            for (int i = j + 1; i < k; i++) {
                int ri = i * k;
                double s = a[ri + j];
                for (int p = 0; p < j; p++) {
                    s -= a[ri + p] * a[rj + p];
                }
                a[ri + j] = s / ljj;
            }
        }
        for (int i = 0; i < k; i++) { // L y = b
            int ri = i * k;
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= a[ri + p] * y[p];
            }
            y[i] = s / a[ri + i];
        }
        for (int i = k - 1; i >= 0; i--) { // Lᵀ x = y
            double s = y[i];
            for (int p = i + 1; p < k; p++) {
                s -= a[p * k + i] * b[p];
            }
            b[i] = s / a[i * k + i];
        }
    }
}
