package io.recsys.artifact.snapshot;

import java.util.List;

/**
 * A snapshot's cleaned interactions, one entry per row in arrival order; {@code user} and
 * {@code item} index {@code userIds} and {@code itemIds}; {@code kind} holds each row's
 * {@link InteractionKind#code()} (its {@code rating} is NaN for the implicit kinds).
 */
public record SnapshotInteractions(
        List<String> userIds,
        List<String> itemIds,
        int[] user,
        int[] item,
        float[] rating,
        long[] timestamp,
        float[] commentQuality,
        int[] kind) {
    public SnapshotInteractions {
        userIds = List.copyOf(userIds);
        itemIds = List.copyOf(itemIds);
        int n = user.length;
        if (item.length != n
                || rating.length != n
                || timestamp.length != n
                || commentQuality.length != n
                || kind.length != n) {
            throw new IllegalArgumentException("interaction columns differ in length: user " + n + ", item "
                    + item.length + ", rating " + rating.length + ", timestamp " + timestamp.length
                    + ", comment_quality " + commentQuality.length + ", kind " + kind.length);
        }
    }

    public int size() {
        return user.length;
    }

    /** Whether row {@code row} carries a rating (a review, a rating or purchase event). */
    public boolean rated(int row) {
        return InteractionKind.ofCode(kind[row]).rated();
    }
}
