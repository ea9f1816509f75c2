package io.recsys.math;

import java.util.Arrays;

/** A growable list of primitive floats: no boxing on hot paths. */
public final class FloatList {
    private float[] data;
    private int size;

    public FloatList() {
        this(16);
    }

    public FloatList(int capacity) {
        data = new float[Math.max(1, capacity)];
    }

    public void add(float v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length + (data.length >> 1) + 1);
        }
        data[size++] = v;
    }

    public float get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        return data[i];
    }

    public void set(int i, float v) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        data[i] = v;
    }

    public int size() {
        return size;
    }

    public float[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
