package io.recsys.artifact.snapshot;

/** One held-out (latest) interaction per matrix row: its item, rating, time and whether it is a positive (1/0). */
public record HeldOutTest(int[] item, float[] rating, long[] timestamp, int[] isPositive) {
    public HeldOutTest {
        int n = item.length;
        if (rating.length != n || timestamp.length != n || isPositive.length != n) {
            throw new IllegalArgumentException("held-out test columns differ in length");
        }
    }

    public int rows() {
        return item.length;
    }
}
