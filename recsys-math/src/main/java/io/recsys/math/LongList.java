package io.recsys.math;

import java.util.Arrays;

/** A growable list of primitive longs: no boxing on hot paths. */
public final class LongList {
    private long[] data;
    private int size;

    public LongList() {
        this(16);
    }

    public LongList(int capacity) {
        data = new long[Math.max(1, capacity)];
    }

    public void add(long v) {
        if (size == data.length) {
            data = Arrays.copyOf(data, data.length + (data.length >> 1) + 1);
        }
        data[size++] = v;
    }

    public long get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        return data[i];
    }

    public void set(int i, long v) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i + " >= " + size);
        }
        data[i] = v;
    }

    public int size() {
        return size;
    }

    public long[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
