package io.recsys.math;

import java.util.SplittableRandom;

/**
 * Principal-component projection of dense rows (e.g. 384- or 768-d text embeddings) onto k
 * dimensions, as the seed projects BERT embeddings to the factor size. The top-k eigenvectors of
 * the d x d covariance are found by block power iteration with Gram-Schmidt re-orthonormalisation
 * (no inversion, no full eigendecomposition).
 */
public final class Projection {
    private final int d;
    private final int k;
    private final double[] mean;
    private final double[] basis; // d x k, column-orthonormal

    private Projection(int d, int k, double[] mean, double[] basis) {
        this.d = d;
        this.k = k;
        this.mean = mean;
        this.basis = basis;
    }

    /** Fits the projection on {@code rows} rows of {@code d} values (row-major). */
    public static Projection fit(float[] data, int rows, int d, int k, int iterations, long seed) {
        if (k > d) {
            throw new IllegalArgumentException("cannot project " + d + " dimensions onto " + k);
        }
        double[] mean = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                mean[j] += data[r * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= Math.max(1, rows);
        }
        double[] cov = new double[d * d];
        double[] centred = new double[d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                centred[j] = data[r * d + j] - mean[j];
            }
            for (int i = 0; i < d; i++) {
                double ci = centred[i];
                if (ci == 0) {
                    continue;
                }
                int o = i * d;
                for (int j = 0; j < d; j++) {
                    cov[o + j] += ci * centred[j];
                }
            }
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] q = new double[d * k];
        for (int i = 0; i < q.length; i++) {
            q[i] = rng.nextGaussian();
        }
        orthonormalise(q, d, k);
        double[] next = new double[d * k];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(next, 0);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double c = cov[i * d + j];
                    if (c == 0) {
                        continue;
                    }
                    for (int col = 0; col < k; col++) {
                        next[i * k + col] += c * q[j * k + col];
                    }
                }
            }
            orthonormalise(next, d, k);
            double[] t = q;
            q = next;
            next = t;
        }
        return new Projection(d, k, mean, q);
    }

    /** Modified Gram-Schmidt on the k columns of a d x k row-major matrix. */
    private static void orthonormalise(double[] m, int d, int k) {
        for (int c = 0; c < k; c++) {
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += m[i * k + c] * m[i * k + p];
                }
                for (int i = 0; i < d; i++) {
                    m[i * k + c] -= dot * m[i * k + p];
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += m[i * k + c] * m[i * k + c];
            }
            norm = Math.sqrt(norm);
            if (norm < 1e-12) {
                throw new ArithmeticException("degenerate direction while orthonormalising column " + c
                        + ": the data has fewer than k independent directions");
            }
            for (int i = 0; i < d; i++) {
                m[i * k + c] /= norm;
            }
        }
    }

    /** The k coordinates of one row along the principal directions. */
    public float[] project(float[] data, int row) {
        float[] out = new float[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (data[row * d + j] - mean[j]) * basis[j * k + c];
            }
            out[c] = (float) s;
        }
        return out;
    }

    /** Component c of principal direction {@code direction}. */
    public double direction(int direction, int component) {
        return basis[component * k + direction];
    }
}
