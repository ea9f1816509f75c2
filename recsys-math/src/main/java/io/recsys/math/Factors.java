package io.recsys.math;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A dense row-major factor table ({@code rows x k} float32): user or item latent vectors. Row
 * {@code r} occupies {@code data[r*k .. r*k+k)}.
 */
public final class Factors {
    private final int rows;
    private final int k;
    private final float[] data;

    public Factors(int rows, int k, float[] data) {
        if ((long) rows * k != data.length) {
            throw new IllegalArgumentException(
                    "factor table " + rows + "x" + k + " needs " + ((long) rows * k) + " values, got " + data.length);
        }
        this.rows = rows;
        this.k = k;
        this.data = data;
    }

    public static Factors zeros(int rows, int k) {
        return new Factors(rows, k, new float[rows * k]);
    }

    /**
     * Small random values, N(0, scale²), reproducible per row: row {@code r} depends only on
     * {@code seed} and {@code r}, never on thread scheduling.
     */
    public static Factors random(int rows, int k, double scale, long seed) {
        Factors f = zeros(rows, k);
        for (int r = 0; r < rows; r++) {
            f.randomizeRow(r, scale, seed);
        }
        return f;
    }

    public void randomizeRow(int r, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + r);
        int o = r * k;
        for (int j = 0; j < k; j++) {
            data[o + j] = (float) (rng.nextGaussian() * scale);
        }
    }

    public int rows() {
        return rows;
    }

    public int k() {
        return k;
    }

    /** The backing array (row-major); callers index it with {@code row * k()}. */
    public float[] data() {
        return data;
    }

    public float dot(int row, Factors other, int otherRow) {
        return Dense.dot(data, row * k, other.data, otherRow * other.k, k);
    }

    public boolean allFinite() {
        for (float v : data) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public Factors copy() {
        return new Factors(rows, k, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Factors f && rows == f.rows && k == f.k && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }
}
