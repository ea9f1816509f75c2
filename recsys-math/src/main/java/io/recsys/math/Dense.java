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

    /** x_u · (y_i − y_j) over n components. */
    public static float dotDifference(float[] x, int ou, float[] y, int oi, int oj, int n) {
        FloatVector acc = FloatVector.zero(S);
        int f = 0;
        int bound = S.loopBound(n);
        for (; f < bound; f += S.length()) {
            FloatVector d = FloatVector.fromArray(S, y, oi + f).sub(FloatVector.fromArray(S, y, oj + f));
            acc = FloatVector.fromArray(S, x, ou + f).fma(d, acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; f < n; f++) {
            s += x[ou + f] * (y[oi + f] - y[oj + f]);
        }
        return s;
    }

    /**
     * One BPR step on n components with step = lr·σ(−x̂_uij) and decay = lr·λ:
     * x_u += step (y_i − y_j) − decay x_u;  y_i += step x_u − decay y_i;  y_j += −step x_u − decay y_j
     * (all from the old values).
     */
    public static void bprUpdate(float[] x, int ou, float[] y, int oi, int oj, int n, float step, float decay) {
        FloatVector st = FloatVector.broadcast(S, step);
        FloatVector dc = FloatVector.broadcast(S, decay);
        int f = 0;
        int bound = S.loopBound(n);
        for (; f < bound; f += S.length()) {
            FloatVector xu = FloatVector.fromArray(S, x, ou + f);
            FloatVector yi = FloatVector.fromArray(S, y, oi + f);
            FloatVector yj = FloatVector.fromArray(S, y, oj + f);
            yi.sub(yj).mul(st).add(xu).sub(xu.mul(dc)).intoArray(x, ou + f);
            xu.mul(st).add(yi).sub(yi.mul(dc)).intoArray(y, oi + f);
            yj.sub(xu.mul(st)).sub(yj.mul(dc)).intoArray(y, oj + f);
        }
        for (; f < n; f++) {
            float xu = x[ou + f];
            float yi = y[oi + f];
            float yj = y[oj + f];
            x[ou + f] = xu + step * (yi - yj) - decay * xu;
            y[oi + f] = yi + step * xu - decay * yi;
            y[oj + f] = yj - step * xu - decay * yj;
        }
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
