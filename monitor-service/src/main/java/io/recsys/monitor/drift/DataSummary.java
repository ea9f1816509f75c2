package io.recsys.monitor.drift;

import io.recsys.artifact.snapshot.SnapshotInteractions;
import io.recsys.artifact.snapshot.SnapshotReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What drift is measured on, summarised from a data snapshot's interactions (or the part of them
 * newer than a point in time): volume, distinct users, time span, rating counts 1..5, item
 * interaction counts (the {@link #KEPT_ITEMS} most popular kept by id, the rest as one total) and
 * the activity per window of the comparison's length ({@link Activity}).
 */
public record DataSummary(
        String snapshotId,
        long interactions,
        long users,
        long firstTimestamp,
        long lastTimestamp,
        long[] ratingCounts,
        Map<String, Long> itemCounts,
        long otherItemCount,
        Activity activity) {
    static final int KEPT_ITEMS = 2000;

    /**
     * Interactions and distinct users per window of {@code windowSeconds}, averaged over the full
     * windows counted back from the newest interaction ({@code windows} of them; 0 when the data
     * is shorter than one window, and the averages are then over the whole span). This is what a
     * recent window's volume and per-user activity can be compared with: a week of data against
     * months of history per user would always look like a collapse.
     */
    public record Activity(long windowSeconds, int windows, double meanVolume, double meanPerUser) {}

    /** A snapshot's interaction columns, read once for several summaries. */
    public record Rows(
            String snapshotId, List<String> itemIds, int[] user, int[] item, float[] rating, long[] timestamp) {
        public static Rows read(Path snapshotDir, String snapshotId) throws IOException {
            SnapshotInteractions rows = SnapshotReader.open(snapshotDir).interactions();
            return new Rows(snapshotId, rows.itemIds(), rows.user(), rows.item(), rows.rating(), rows.timestamp());
        }

        public long lastTimestamp() {
            long last = Long.MIN_VALUE;
            for (long t : timestamp) {
                last = Math.max(last, t);
            }
            return last;
        }
    }

    /** The summary of a snapshot's interactions (Long.MIN_VALUE: all) with a timestamp after {@code after}. */
    public static DataSummary of(Rows rows, long after, long windowSeconds) {
        long[] ts = rows.timestamp();
        long n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] ratings = new long[5];
        long[] perItem = new long[rows.itemIds().size()];
        Set<Integer> users = new HashSet<>();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] <= after) {
                continue;
            }
            n++;
            first = Math.min(first, ts[i]);
            last = Math.max(last, ts[i]);
            int r = Math.round(rows.rating()[i]); // an implicit event's NaN rounds to 0: not a rating
            if (r >= 1 && r <= 5) {
                ratings[r - 1]++;
            }
            perItem[rows.item()[i]]++;
            users.add(rows.user()[i]);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < perItem.length; i++) {
            if (perItem[i] > 0) {
                order.add(i);
            }
        }
        List<String> itemIds = rows.itemIds();
        order.sort((a, b) -> perItem[a] != perItem[b]
                ? Long.compare(perItem[b], perItem[a])
                : itemIds.get(a).compareTo(itemIds.get(b)));
        Map<String, Long> kept = new LinkedHashMap<>();
        long other = 0;
        for (int r = 0; r < order.size(); r++) {
            if (r < KEPT_ITEMS) {
                kept.put(itemIds.get(order.get(r)), perItem[order.get(r)]);
            } else {
                other += perItem[order.get(r)];
            }
        }
        Activity activity = n == 0
                ? new Activity(windowSeconds, 0, 0, 0)
                : activity(rows, after, first, last, windowSeconds, n, users.size());
        return new DataSummary(
                rows.snapshotId(),
                n,
                users.size(),
                n == 0 ? 0 : first,
                n == 0 ? 0 : last,
                ratings,
                kept,
                other,
                activity);
    }

    /** Window k holds the interactions in (last − (k+1)·w, last − k·w]; only windows the data fully spans count. */
    private static Activity activity(Rows rows, long after, long first, long last, long w, long n, int users) {
        int full = (int) Math.min(Integer.MAX_VALUE, (last - first) / w);
        if (full == 0) {
            return new Activity(w, 0, n, users == 0 ? 0 : (double) n / users);
        }
        long[] volume = new long[full];
        Set<Long> userWindows = new HashSet<>();
        long[] ts = rows.timestamp();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] <= after) {
                continue;
            }
            long k = (last - ts[i]) / w;
            if (k < full) {
                volume[(int) k]++;
                userWindows.add(k << 32 | (rows.user()[i] & 0xffffffffL));
            }
        }
        long[] active = new long[full];
        for (long key : userWindows) {
            active[(int) (key >>> 32)]++;
        }
        double meanVolume = 0;
        double meanPerUser = 0;
        for (int k = 0; k < full; k++) {
            meanVolume += volume[k];
            meanPerUser += active[k] == 0 ? 0 : (double) volume[k] / active[k];
        }
        return new Activity(w, full, meanVolume / full, meanPerUser / full);
    }

    public double perUserMean() {
        return users == 0 ? 0 : (double) interactions / users;
    }

    /** Interactions per day over the summary's time span (at least one day). */
    public double perDay() {
        double days = Math.max(1, (lastTimestamp - firstTimestamp) / 86400.0);
        return interactions / days;
    }

    /** The {@code k} most popular item ids (ties by id; sorted here, since jsonb keeps no key order). */
    public List<String> topItems(int k) {
        return itemCounts.entrySet().stream()
                .sorted((a, b) -> !a.getValue().equals(b.getValue())
                        ? Long.compare(b.getValue(), a.getValue())
                        : a.getKey().compareTo(b.getKey()))
                .limit(k)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Each kept item's share of all interactions, and "(other)" for the rest: PSI's buckets. */
    public Map<String, Double> itemShares() {
        Map<String, Double> m = new HashMap<>();
        if (interactions == 0) {
            return m;
        }
        itemCounts.forEach((id, c) -> m.put(id, (double) c / interactions));
        m.put("(other)", (double) otherItemCount / interactions);
        return m;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot_id", snapshotId);
        m.put("interactions", interactions);
        m.put("users", users);
        m.put("first_timestamp", firstTimestamp);
        m.put("last_timestamp", lastTimestamp);
        m.put("rating_counts", ratingCounts);
        m.put("item_counts", itemCounts);
        m.put("other_item_count", otherItemCount);
        if (activity != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("window_seconds", activity.windowSeconds());
            a.put("windows", activity.windows());
            a.put("mean_volume", activity.meanVolume());
            a.put("mean_per_user", activity.meanPerUser());
            m.put("activity", a);
        }
        return m;
    }

    /** Reads {@link #toMap()}; a baseline stored before the windowed activity existed has none (null). */
    @SuppressWarnings("unchecked")
    public static DataSummary fromMap(Map<String, Object> m) {
        List<Number> rc = (List<Number>) m.get("rating_counts");
        long[] ratings = new long[5];
        for (int i = 0; i < 5; i++) {
            ratings[i] = rc.get(i).longValue();
        }
        Map<String, Long> items = new LinkedHashMap<>();
        ((Map<String, Number>) m.get("item_counts")).forEach((k, v) -> items.put(k, v.longValue()));
        Activity activity = null;
        if (m.get("activity") instanceof Map<?, ?> a) {
            activity = new Activity(
                    ((Number) a.get("window_seconds")).longValue(),
                    ((Number) a.get("windows")).intValue(),
                    ((Number) a.get("mean_volume")).doubleValue(),
                    ((Number) a.get("mean_per_user")).doubleValue());
        }
        return new DataSummary(
                (String) m.get("snapshot_id"),
                ((Number) m.get("interactions")).longValue(),
                ((Number) m.get("users")).longValue(),
                ((Number) m.get("first_timestamp")).longValue(),
                ((Number) m.get("last_timestamp")).longValue(),
                ratings,
                items,
                ((Number) m.get("other_item_count")).longValue(),
                activity);
    }
}
