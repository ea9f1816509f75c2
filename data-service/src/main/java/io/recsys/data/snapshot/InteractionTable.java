package io.recsys.data.snapshot;

import io.recsys.artifact.snapshot.InteractionKind;
import io.recsys.artifact.snapshot.SnapshotInteractions;
import io.recsys.data.input.RowBatch;
import io.recsys.math.IdIndex;
import io.recsys.math.IntList;
import java.util.List;
import java.util.Objects;

/**
 * The cleaned interactions a snapshot is derived from, in arrival order (raw file order, then each
 * merged staging batch). User and item indexes follow first appearance, so appending rows never
 * renumbers existing users or items: that is what lets an incremental update match a full rebuild.
 */
public final class InteractionTable {
    public final List<String> userIds;
    public final List<String> itemIds;
    public final int[] user;
    public final int[] item;
    public final float[] rating;
    public final long[] timestamp;
    public final float[] quality;
    /** Each row's {@link InteractionKind} code: reviews (CSV rows) and the events of serving. */
    public final int[] kind;

    public InteractionTable(
            List<String> userIds,
            List<String> itemIds,
            int[] user,
            int[] item,
            float[] rating,
            long[] timestamp,
            float[] quality,
            int[] kind) {
        int n = user.length;
        if (item.length != n
                || rating.length != n
                || timestamp.length != n
                || quality.length != n
                || kind.length != n) {
            throw new IllegalArgumentException("interaction columns differ in length");
        }
        this.userIds = List.copyOf(userIds);
        this.itemIds = List.copyOf(itemIds);
        this.user = user;
        this.item = item;
        this.rating = rating;
        this.timestamp = timestamp;
        this.quality = quality;
        this.kind = kind;
    }

    public int size() {
        return user.length;
    }

    /** The table read back from a published snapshot, for an incremental update. */
    public static InteractionTable fromRows(SnapshotInteractions rows) {
        return new InteractionTable(
                rows.userIds(),
                rows.itemIds(),
                rows.user(),
                rows.item(),
                rows.rating(),
                rows.timestamp(),
                rows.commentQuality(),
                rows.kind());
    }

    /** The table as the snapshot format stores it. */
    public SnapshotInteractions toRows() {
        return new SnapshotInteractions(userIds, itemIds, user, item, rating, timestamp, quality, kind);
    }

    /** Rows kept by {@code keep} (null keeps all), re-indexed by first appearance among them. */
    public InteractionTable select(boolean[] keep) {
        if (keep == null) {
            return this;
        }
        int n = 0;
        for (boolean k : keep) {
            if (k) {
                n++;
            }
        }
        int[] userMap = filled(userIds.size());
        int[] itemMap = filled(itemIds.size());
        IdIndex users = new IdIndex();
        IdIndex items = new IdIndex();
        int[] u = new int[n];
        int[] it = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        float[] q = new float[n];
        int[] k = new int[n];
        int o = 0;
        for (int row = 0; row < keep.length; row++) {
            if (!keep[row]) {
                continue;
            }
            int gu = user[row];
            if (userMap[gu] < 0) {
                userMap[gu] = users.add(userIds.get(gu));
            }
            int gi = item[row];
            if (itemMap[gi] < 0) {
                itemMap[gi] = items.add(itemIds.get(gi));
            }
            u[o] = userMap[gu];
            it[o] = itemMap[gi];
            r[o] = rating[row];
            t[o] = timestamp[row];
            q[o] = quality[row];
            k[o] = kind[row];
            o++;
        }
        return new InteractionTable(users.ids(), items.ids(), u, it, r, t, q, k);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }

    /**
     * Appends batches after {@code base} (which may be null). Existing indexes are kept; new ids are
     * added in order of first appearance.
     */
    public static InteractionTable append(InteractionTable base, List<RowBatch> batches) {
        IdIndex users = base == null ? new IdIndex() : IdIndex.of(base.userIds);
        IdIndex items = base == null ? new IdIndex() : IdIndex.of(base.itemIds);
        int n = base == null ? 0 : base.size();
        for (RowBatch b : batches) {
            n += b.size();
        }
        int[] u = new int[n];
        int[] it = new int[n];
        float[] r = new float[n];
        long[] t = new long[n];
        float[] q = new float[n];
        int[] kinds = new int[n];
        int o = 0;
        if (base != null) {
            int m = base.size();
            System.arraycopy(base.user, 0, u, 0, m);
            System.arraycopy(base.item, 0, it, 0, m);
            System.arraycopy(base.rating, 0, r, 0, m);
            System.arraycopy(base.timestamp, 0, t, 0, m);
            System.arraycopy(base.quality, 0, q, 0, m);
            System.arraycopy(base.kind, 0, kinds, 0, m);
            o = m;
        }
        for (RowBatch b : batches) {
            int[] userMap = new int[b.users.size()];
            for (int k = 0; k < userMap.length; k++) {
                userMap[k] = users.add(b.users.idAt(k));
            }
            int[] itemMap = new int[b.items.size()];
            for (int k = 0; k < itemMap.length; k++) {
                itemMap[k] = items.add(b.items.idAt(k));
            }
            // Batch-local indexes follow the batch's first appearance, so this keeps global first appearance.
            for (int row = 0; row < b.size(); row++) {
                u[o] = userMap[b.user.get(row)];
                it[o] = itemMap[b.item.get(row)];
                r[o] = b.rating.get(row);
                t[o] = b.timestamp.get(row);
                q[o] = b.quality.get(row);
                kinds[o] = b.kind.get(row);
                o++;
            }
        }
        return new InteractionTable(users.ids(), items.ids(), u, it, r, t, q, kinds);
    }

    /** True when a row with the same (user, item, time) as {@code key} exists. */
    public record Key(int user, int item, long timestamp) {}

    /** Builds keys only for the given users' rows: cheap membership checks for a small batch. */
    public java.util.Set<Key> keysOfUsers(IntList users) {
        boolean[] wanted = new boolean[userIds.size()];
        for (int k = 0; k < users.size(); k++) {
            int g = users.get(k);
            if (g < wanted.length) {
                wanted[g] = true;
            }
        }
        java.util.Set<Key> keys = new java.util.HashSet<>();
        for (int row = 0; row < size(); row++) {
            if (wanted[user[row]]) {
                keys.add(new Key(user[row], item[row], timestamp[row]));
            }
        }
        return keys;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InteractionTable t
                && userIds.equals(t.userIds)
                && itemIds.equals(t.itemIds)
                && java.util.Arrays.equals(user, t.user)
                && java.util.Arrays.equals(item, t.item)
                && java.util.Arrays.equals(rating, t.rating)
                && java.util.Arrays.equals(timestamp, t.timestamp)
                && java.util.Arrays.equals(quality, t.quality)
                && java.util.Arrays.equals(kind, t.kind);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userIds.size(), itemIds.size(), size());
    }
}
