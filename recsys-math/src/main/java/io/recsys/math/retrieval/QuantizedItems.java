package io.recsys.math.retrieval;

import io.recsys.math.Factors;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * An item factor table compressed to one signed byte per value, each item with its own scale
 * (largest magnitude / 127), laid out in blocks of {@link #lanes()} items with each factor's
 * values side by side. A Gowalla-sized table (41 K × 64) takes 2.6 MB instead of 10.5 MB, so
 * scoring every item reads memory that fits in cache, and a block's scores accumulate in
 * registers with one store per block.
 *
 * <p>Approximate scores come with a guaranteed error bound: for a query {@code q}, the score
 * computed here differs from the float32 dot product by at most {@code errorCoefficient(q) ×
 * scale(i)} (rounding of each value to half a step, plus the float rounding of both sums).
 * {@link ExactTopK} uses that bound to re-rank only the items that could still be in the top k.
 */
public final class QuantizedItems {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Vector path needs a byte species as wide in lanes as F: 8 lanes (AVX2) or more. */
    static final boolean VECTOR = F.length() >= 8;

    private static final VectorSpecies<Byte> B =
            VECTOR ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8)) : null;
    static final int LANES = VECTOR ? F.length() : 8;

    private final int items;
    private final int k;
    private final byte[] codes;
    private final float[] scales;
    private final boolean vector;

    private QuantizedItems(int items, int k, byte[] codes, float[] scales, boolean vector) {
        this.items = items;
        this.k = k;
        this.codes = codes;
        this.scales = scales;
        this.vector = vector;
    }

    public static QuantizedItems of(Factors table) {
        return of(table, VECTOR);
    }

    /** {@code vector = false} forces the scalar kernel (the one narrow-SIMD machines use), for tests. */
    static QuantizedItems of(Factors table, boolean vector) {
        int n = table.rows();
        int k = table.k();
        float[] v = table.data();
        int padded = paddedLength(n);
        byte[] codes = new byte[padded * k];
        float[] scales = new float[padded];
        for (int i = 0; i < n; i++) {
            float max = 0;
            for (int f = 0; f < k; f++) {
                max = Math.max(max, Math.abs(v[i * k + f]));
            }
            float scale = max / 127f;
            scales[i] = scale;
            if (scale == 0f) {
                continue; // an all-zero item: codes stay 0, its score is exactly 0
            }
            int block = i / LANES;
            int lane = i % LANES;
            for (int f = 0; f < k; f++) {
                int c = Math.round(v[i * k + f] / scale);
                codes[(block * k + f) * LANES + lane] = (byte) Math.max(-127, Math.min(127, c));
            }
        }
        return new QuantizedItems(n, k, codes, scales, vector);
    }

    /** Score buffers must hold this many values: the item count rounded up to whole blocks. */
    public static int paddedLength(int items) {
        return (items + LANES - 1) / LANES * LANES;
    }

    public int items() {
        return items;
    }

    public int k() {
        return k;
    }

    public int lanes() {
        return LANES;
    }

    public float scale(int item) {
        return scales[item];
    }

    float[] scales() {
        return scales;
    }

    /** Bytes held by the compact table (codes and scales). */
    public long bytes() {
        return codes.length + 4L * scales.length;
    }

    /**
     * The coefficient c such that |approximate score − float32 dot product| ≤ c × scale(i) for
     * every item i: half a step per value (Σ|q|/2), plus the rounding of the two sums of k
     * products of magnitude up to 127 steps, taken generously (2k + 8 roundings of 2⁻²³).
     */
    public float errorCoefficient(float[] q, int qo) {
        double sumAbs = 0;
        for (int f = 0; f < k; f++) {
            sumAbs += Math.abs(q[qo + f]);
        }
        double rounding = (2.0 * k + 8) * 127 * 0x1p-23;
        return (float) (sumAbs * (0.5 + rounding) * (1 + 1e-6));
    }

    /** Approximate q · item for every item into {@code out[0 .. paddedLength)} (padding scores 0). */
    public void approximate(float[] q, int qo, float[] out) {
        if (vector) {
            approximateVector(q, qo, out);
        } else {
            approximateScalar(q, qo, out);
        }
    }

    private void approximateVector(float[] q, int qo, float[] out) {
        int blocks = paddedLength(items) / LANES;
        int stride = k * LANES;
        int k4 = k & ~3;
        for (int b = 0, base = 0; b < blocks; b++, base += stride) {
            // Four independent sums: one chain of k fused multiply-adds would wait on its latency.
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            int f = 0;
            for (; f < k4; f += 4) {
                int o = base + f * LANES;
                a0 = widen(o).fma(FloatVector.broadcast(F, q[qo + f]), a0);
                a1 = widen(o + LANES).fma(FloatVector.broadcast(F, q[qo + f + 1]), a1);
                a2 = widen(o + 2 * LANES).fma(FloatVector.broadcast(F, q[qo + f + 2]), a2);
                a3 = widen(o + 3 * LANES).fma(FloatVector.broadcast(F, q[qo + f + 3]), a3);
            }
            for (; f < k; f++) {
                a0 = widen(base + f * LANES).fma(FloatVector.broadcast(F, q[qo + f]), a0);
            }
            a0.add(a1)
                    .add(a2.add(a3))
                    .mul(FloatVector.fromArray(F, scales, b * LANES))
                    .intoArray(out, b * LANES);
        }
    }

    private FloatVector widen(int offset) {
        return (FloatVector) ByteVector.fromArray(B, codes, offset).convertShape(VectorOperators.B2F, F, 0);
    }

    private void approximateScalar(float[] q, int qo, float[] out) {
        int blocks = paddedLength(items) / LANES;
        for (int b = 0; b < blocks; b++) {
            int base = b * k * LANES;
            for (int lane = 0; lane < LANES; lane++) {
                float s = 0;
                for (int f = 0; f < k; f++) {
                    s += q[qo + f] * codes[base + f * LANES + lane];
                }
                out[b * LANES + lane] = s * scales[b * LANES + lane];
            }
        }
    }
}
