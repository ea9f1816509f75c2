package io.recsys.math.als;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;

/**
 * A user vector solved from fixed item factors and the user's history, exactly the user side of an
 * ALS sweep for one row: x = (YᵀY + λI + Σ (c − 1) y yᵀ)⁻¹ Σ c y, c = 1 + α r (Hu, Koren and
 * Volinsky 2008). Serving folds in a shopper the served model was not trained on: one k × k
 * Cholesky solve with the model's λ and α, not a retrain. YᵀY is computed once per model; an
 * instance is not thread-safe (one solver per thread, or per fold-in worker).
 */
public final class FoldIn {
    private final float[] y;
    private final int k;
    private final double[] gram;
    private final double regularization;
    private final double alpha;
    private final boolean scaleRegularization;
    private final Cholesky cholesky;
    private final double[] b;

    /**
     * @param scaleRegularization λ times the number of the user's items, as the model was trained
     *     ({@link ImplicitAls.Params#scaleRegularization()})
     */
    public FoldIn(Factors items, double regularization, double alpha, boolean scaleRegularization) {
        this(items, gramian(items), regularization, alpha, scaleRegularization);
    }

    /** With YᵀY already computed ({@link #gramian}): several solvers over one model share it. */
    public FoldIn(Factors items, double[] gram, double regularization, double alpha, boolean scaleRegularization) {
        this.y = items.data();
        this.k = items.k();
        if (gram.length != k * k) {
            throw new IllegalArgumentException(
                    "a " + k + " x " + k + " gramian has " + k * k + " entries, got " + gram.length);
        }
        this.gram = gram;
        this.regularization = regularization;
        this.alpha = alpha;
        this.scaleRegularization = scaleRegularization;
        this.cholesky = new Cholesky(k);
        this.b = new double[k];
    }

    /** YᵀY in double. */
    public static double[] gramian(Factors items) {
        int k = items.k();
        float[] d = items.data();
        double[] g = new double[k * k];
        for (int row = 0; row < items.rows(); row++) {
            int o = row * k;
            for (int i = 0; i < k; i++) {
                double yi = d[o + i];
                int ri = i * k;
                for (int j = 0; j <= i; j++) {
                    g[ri + j] += yi * d[o + j];
                }
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                g[j * k + i] = g[i * k + j];
            }
        }
        return g;
    }

    /**
     * The vector of a user with {@code n} observations: item rows {@code items[0..n)} with values
     * (confidence before α) {@code values[0..n)}, in any order; an item may appear once (a repeated
     * one is refused). Written into {@code out}.
     */
    public void solve(int[] items, float[] values, int n, float[] out) {
        // As one row of a matrix: the trainer's own row solve then applies as it is.
        long[] order = new long[n];
        for (int q = 0; q < n; q++) {
            order[q] = ((long) items[q] << 32) | q;
        }
        java.util.Arrays.sort(order);
        int[] cols = new int[n];
        float[] vals = new float[n];
        int maxItem = y.length / k;
        for (int q = 0; q < n; q++) {
            cols[q] = (int) (order[q] >>> 32);
            vals[q] = values[(int) order[q]];
        }
        CsrMatrix row = new CsrMatrix(1, maxItem, new int[] {0, n}, cols, vals); // refuses a repeated item
        double lambda = scaleRegularization ? regularization * n : regularization;
        solveRow(gram, y, k, lambda, alpha, row, 0, cholesky, b);
        for (int i = 0; i < k; i++) {
            out[i] = (float) b[i];
        }
    }

    /**
     * The normal equations of row {@code row} of {@code r} solved into {@code b}, with {@code gram} =
     * YᵀY of the fixed side {@code y}: the trainer's exact half-step and the fold-in are this one
     * solve.
     */
    static void solveRow(
            double[] gram,
            float[] y,
            int k,
            double lambda,
            double alpha,
            CsrMatrix r,
            int row,
            Cholesky cholesky,
            double[] b) {
        double[] a = cholesky.matrix();
        System.arraycopy(gram, 0, a, 0, k * k);
        for (int j = 0; j < k; j++) {
            a[j * k + j] += lambda;
        }
        java.util.Arrays.fill(b, 0);
        for (int q = r.rowStart(row); q < r.rowEnd(row); q++) {
            double c = 1 + alpha * r.valueAt(q);
            int o = r.columnAt(q) * k;
            for (int i = 0; i < k; i++) {
                double yi = y[o + i];
                b[i] += c * yi;
                double s = (c - 1) * yi;
                int ri = i * k;
                for (int j = 0; j <= i; j++) {
                    a[ri + j] += s * y[o + j];
                }
            }
        }
        for (int i = 0; i < k; i++) { // mirror the lower triangle
            for (int j = 0; j < i; j++) {
                a[j * k + i] = a[i * k + j];
            }
        }
        cholesky.solve(b);
    }
}
