package io.recsys.math.als;

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
     * (confidence before α) {@code values[0..n)}; an item may appear once. Written into {@code out}.
     */
    public void solve(int[] items, float[] values, int n, float[] out) {
        double[] a = cholesky.matrix();
        System.arraycopy(gram, 0, a, 0, k * k);
        double lambda = scaleRegularization ? regularization * n : regularization;
        for (int j = 0; j < k; j++) {
            a[j * k + j] += lambda;
        }
        java.util.Arrays.fill(b, 0);
        for (int q = 0; q < n; q++) {
            double c = 1 + alpha * values[q];
            int o = items[q] * k;
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
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                a[j * k + i] = a[i * k + j];
            }
        }
        cholesky.solve(b);
        for (int i = 0; i < k; i++) {
            out[i] = (float) b[i];
        }
    }
}
