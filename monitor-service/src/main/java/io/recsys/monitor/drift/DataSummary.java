package io.recsys.monitor.drift;

import io.recsys.math.Npy;
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
 * newer than a point in time): volume, distinct users, time span, rating counts 1..5 and item
 * interaction counts (the {@link #KEPT_ITEMS} most popular kept by id, the rest as one total).
 */
public record DataSummary(String snapshotId, long interactions, long users, long firstTimestamp, long lastTimestamp,
                          long[] ratingCounts, Map<String, Long> itemCounts, long otherItemCount) {
    static final int KEPT_ITEMS = 2000;

    /** The summary of a snapshot's interactions with a timestamp after {@code after} (Long.MIN_VALUE: all). */
    public static DataSummary of(Path snapshotDir, String snapshotId, List<String> itemIds, long after) throws IOException {
        Path dir = snapshotDir.resolve("interactions");
        int[] user = Npy.read(dir.resolve("user.npy")).ints();
        int[] item = Npy.read(dir.resolve("item.npy")).ints();
        float[] rating = Npy.read(dir.resolve("rating.npy")).floats();
        long[] ts = Npy.read(dir.resolve("timestamp.npy")).longs();
        long n = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long[] ratings = new long[5];
        long[] perItem = new long[itemIds.size()];
        Set<Integer> users = new HashSet<>();
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] <= after) {
                continue;
            }
            n++;
            first = Math.min(first, ts[i]);
            last = Math.max(last, ts[i]);
            int r = Math.round(rating[i]);
            if (r >= 1 && r <= 5) {
                ratings[r - 1]++;
            }
            perItem[item[i]]++;
            users.add(user[i]);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < perItem.length; i++) {
            if (perItem[i] > 0) {
                order.add(i);
            }
        }
        order.sort((a, b) -> perItem[a] != perItem[b] ? Long.compare(perItem[b], perItem[a])
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
        return new DataSummary(snapshotId, n, users.size(), n == 0 ? 0 : first, n == 0 ? 0 : last, ratings, kept, other);
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
                .sorted((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue())
                        : a.getKey().compareTo(b.getKey()))
                .limit(k).map(Map.Entry::getKey).toList();
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
        return m;
    }

    @SuppressWarnings("unchecked")
    public static DataSummary fromMap(Map<String, Object> m) {
        List<Number> rc = (List<Number>) m.get("rating_counts");
        long[] ratings = new long[5];
        for (int i = 0; i < 5; i++) {
            ratings[i] = rc.get(i).longValue();
        }
        Map<String, Long> items = new LinkedHashMap<>();
        ((Map<String, Number>) m.get("item_counts")).forEach((k, v) -> items.put(k, v.longValue()));
        return new DataSummary((String) m.get("snapshot_id"), ((Number) m.get("interactions")).longValue(),
                ((Number) m.get("users")).longValue(), ((Number) m.get("first_timestamp")).longValue(),
                ((Number) m.get("last_timestamp")).longValue(), ratings, items,
                ((Number) m.get("other_item_count")).longValue());
    }
}
