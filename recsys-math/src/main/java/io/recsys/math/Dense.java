package io.recsys.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Small dense float32 kernels on SIMD lanes (jdk.incubator.vector, so the module must be added at
 * compile and run time: {@code --add-modules jdk.incubator.vector}). Scalar tails handle lengths
 * that are not a multiple of the lane count.
 */
public final class Dense {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Dense() {
    }

    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** out += s * a[ao .. ao+n) */
    public static void axpy(float s, float[] a, int ao, float[] out, int n) {
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).fma(sv, FloatVector.fromArray(S, out, i)).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] += s * a[ao + i];
        }
    }

    /**
     * out = G v for a symmetric row-major n x n matrix G, as Σ_j v_j G_j (rows are columns): lane-wise
     * multiply-adds with no horizontal reductions.
     */
    public static void multiplySymmetric(float[] g, float[] v, float[] out, int n) {
        java.util.Arrays.fill(out, 0, n, 0f);
        for (int j = 0; j < n; j++) {
            axpy(v[j], g, j * n, out, n);
        }
    }

    /** g += y yᵀ for y = a[ao .. ao+n), full square. */
    public static void addOuter(float[] a, int ao, float[] g, int n) {
        for (int i = 0; i < n; i++) {
            float yi = a[ao + i];
            int ri = i * n;
            FloatVector sv = FloatVector.broadcast(S, yi);
            int j = 0;
            int bound = S.loopBound(n);
            for (; j < bound; j += S.length()) {
                FloatVector.fromArray(S, a, ao + j).fma(sv, FloatVector.fromArray(S, g, ri + j)).intoArray(g, ri + j);
            }
            for (; j < n; j++) {
                g[ri + j] += yi * a[ao + j];
            }
        }
    }
}
