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

    private Dense() {}

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
            FloatVector.fromArray(S, a, ao + i)
                    .fma(sv, FloatVector.fromArray(S, out, i))
                    .intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] += s * a[ao + i];
        }
    }

    /**
     * out = G v for a symmetric row-major n x n matrix G, as Σ_j v_j G_j (rows are columns): lane-wise
     * multiply-adds with no horizontal reductions. Four vectors of {@code out} stay in registers
     * while j runs, so G is streamed once and {@code out} is written once per block.
     */
    public static void multiplySymmetric(float[] g, float[] v, float[] out, int n) {
        int step = S.length();
        int block = 4 * step;
        int c = 0;
        for (; c + block <= n; c += block) {
            FloatVector o0 = FloatVector.zero(S);
            FloatVector o1 = FloatVector.zero(S);
            FloatVector o2 = FloatVector.zero(S);
            FloatVector o3 = FloatVector.zero(S);
            for (int j = 0; j < n; j++) {
                FloatVector vj = FloatVector.broadcast(S, v[j]);
                int r = j * n + c;
                o0 = FloatVector.fromArray(S, g, r).fma(vj, o0);
                o1 = FloatVector.fromArray(S, g, r + step).fma(vj, o1);
                o2 = FloatVector.fromArray(S, g, r + 2 * step).fma(vj, o2);
                o3 = FloatVector.fromArray(S, g, r + 3 * step).fma(vj, o3);
            }
            o0.intoArray(out, c);
            o1.intoArray(out, c + step);
            o2.intoArray(out, c + 2 * step);
            o3.intoArray(out, c + 3 * step);
        }
        for (int i = c; i < n; i++) { // columns past the last full block
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                sum += g[j * n + i] * v[j];
            }
            out[i] = sum;
        }
    }

    /**
     * g += Σ_{r in [from, to)} y_r y_rᵀ for rows of a row-major table with n columns: G is updated
     * one block of four vectors at a time, kept in registers across the rows (a small GEMM), so each
     * element of g is loaded and stored once per call instead of once per row.
     */
    public static void addOuterRows(float[] a, int from, int to, int n, float[] g) {
        int step = S.length();
        int block = 4 * step;
        int fullBlocks = n - n % block;
        for (int i = 0; i < n; i++) {
            int gi = i * n;
            for (int c = 0; c < fullBlocks; c += block) {
                FloatVector o0 = FloatVector.fromArray(S, g, gi + c);
                FloatVector o1 = FloatVector.fromArray(S, g, gi + c + step);
                FloatVector o2 = FloatVector.fromArray(S, g, gi + c + 2 * step);
                FloatVector o3 = FloatVector.fromArray(S, g, gi + c + 3 * step);
                for (int r = from; r < to; r++) {
                    int ro = r * n;
                    FloatVector yi = FloatVector.broadcast(S, a[ro + i]);
                    o0 = FloatVector.fromArray(S, a, ro + c).fma(yi, o0);
                    o1 = FloatVector.fromArray(S, a, ro + c + step).fma(yi, o1);
                    o2 = FloatVector.fromArray(S, a, ro + c + 2 * step).fma(yi, o2);
                    o3 = FloatVector.fromArray(S, a, ro + c + 3 * step).fma(yi, o3);
                }
                o0.intoArray(g, gi + c);
                o1.intoArray(g, gi + c + step);
                o2.intoArray(g, gi + c + 2 * step);
                o3.intoArray(g, gi + c + 3 * step);
            }
            for (int c = fullBlocks; c < n; c++) {
                float sum = g[gi + c];
                for (int r = from; r < to; r++) {
                    sum += a[r * n + i] * a[r * n + c];
                }
                g[gi + c] = sum;
            }
        }
    }

    /**
     * out[outFrom + q − from] = table[c_q] · v for the entries q in [from, to) of a sparse matrix
     * (c_q its column): the rows of a row-major table with n columns named by those entries. The products are independent of each other, so
     * the processor keeps many row fetches in flight (the table rarely fits in cache); two
     * accumulators halve the add latency chain.
     */
    public static void gatherDots(
            CsrMatrix m, int from, int to, float[] table, int n, float[] v, float[] out, int outFrom) {
        int[] cols = m.sharedIndices();
        int step = S.length();
        int bound2 = n - n % (2 * step);
        int bound = S.loopBound(n);
        for (int q = from; q < to; q++) {
            int o = cols[q] * n;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            int f = 0;
            for (; f < bound2; f += 2 * step) {
                a0 = FloatVector.fromArray(S, table, o + f).fma(FloatVector.fromArray(S, v, f), a0);
                a1 = FloatVector.fromArray(S, table, o + f + step).fma(FloatVector.fromArray(S, v, f + step), a1);
            }
            for (; f < bound; f += step) {
                a0 = FloatVector.fromArray(S, table, o + f).fma(FloatVector.fromArray(S, v, f), a0);
            }
            float s = a0.add(a1).reduceLanes(VectorOperators.ADD);
            for (; f < n; f++) {
                s += table[o + f] * v[f];
            }
            out[outFrom + q - from] = s;
        }
    }

    /**
     * acc += Σ_q w[wFrom + q − from] · table[c_q] over the entries q in [from, to) of a sparse matrix. Blocks of four vectors of acc
     * stay in registers across all rows (the rows were just read by {@link #gatherDots}, so they
     * come from cache), and acc is written once per block.
     */
    public static void gatherAxpy(
            CsrMatrix m, int from, int to, float[] table, int n, float[] w, int wFrom, float[] acc) {
        int[] cols = m.sharedIndices();
        int shift = wFrom - from;
        int step = S.length();
        int block = 4 * step;
        int c = 0;
        for (; c + block <= n; c += block) {
            FloatVector o0 = FloatVector.fromArray(S, acc, c);
            FloatVector o1 = FloatVector.fromArray(S, acc, c + step);
            FloatVector o2 = FloatVector.fromArray(S, acc, c + 2 * step);
            FloatVector o3 = FloatVector.fromArray(S, acc, c + 3 * step);
            for (int q = from; q < to; q++) {
                int o = cols[q] * n + c;
                FloatVector wq = FloatVector.broadcast(S, w[q + shift]);
                o0 = FloatVector.fromArray(S, table, o).fma(wq, o0);
                o1 = FloatVector.fromArray(S, table, o + step).fma(wq, o1);
                o2 = FloatVector.fromArray(S, table, o + 2 * step).fma(wq, o2);
                o3 = FloatVector.fromArray(S, table, o + 3 * step).fma(wq, o3);
            }
            o0.intoArray(acc, c);
            o1.intoArray(acc, c + step);
            o2.intoArray(acc, c + 2 * step);
            o3.intoArray(acc, c + 3 * step);
        }
        for (; c < n; c++) { // columns past the last full block
            float sum = acc[c];
            for (int q = from; q < to; q++) {
                sum += w[q + shift] * table[cols[q] * n + c];
            }
            acc[c] = sum;
        }
    }
}
