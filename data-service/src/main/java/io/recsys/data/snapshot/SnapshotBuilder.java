package io.recsys.data.snapshot;

import io.recsys.artifact.snapshot.InteractionKind;
import io.recsys.math.CsrMatrix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives a snapshot from the cleaned interactions, as the seed's data pipeline does:
 * <ol>
 *   <li>trainable users have at least {@code minUserInteractions} interactions, the rest are cold-start;
 *   matrix rows are trainable users in the order they became trainable (the row of their
 *   {@code min}-th interaction), so later data only appends rows;</li>
 *   <li>temporal leave-one-out: each trainable user's latest interaction (time, then arrival) is the
 *   test item, the rest is train;</li>
 *   <li>a (user, item) pair seen more than once in train takes its latest interaction;
 *   confidence = rating + comment quality; binary = 1 for positives (rating >= positive threshold);
 *   hard negatives are ratings <= the hard-negative threshold; an implicit row (a view, click or
 *   add-to-cart event) has its {@link ImplicitWeights weighted} confidence, is a positive above the
 *   configured weight and never a hard negative, and a rated row of the same pair wins over it;</li>
 *   <li>statistics for drift detection.</li>
 * </ol>
 */
public final class SnapshotBuilder {
    private final double positiveThreshold;
    private final double hardNegativeThreshold;
    private final int minUserInteractions;
    private final int topK;
    private final ImplicitWeights implicit;

    public SnapshotBuilder(
            double positiveThreshold,
            double hardNegativeThreshold,
            int minUserInteractions,
            int topK,
            ImplicitWeights implicit) {
        if (minUserInteractions < 2) {
            throw new IllegalArgumentException("data.features.min-user-interactions must be >= 2 (one interaction "
                    + "goes to test), got " + minUserInteractions);
        }
        this.positiveThreshold = positiveThreshold;
        this.hardNegativeThreshold = hardNegativeThreshold;
        this.minUserInteractions = minUserInteractions;
        this.topK = topK;
        this.implicit = implicit;
    }

    private boolean rated(InteractionTable t, int row) {
        return InteractionKind.ofCode(t.kind[row]).rated();
    }

    /** A rated row: its rating + comment quality; an implicit one: its kind's weighted confidence. */
    private float confidence(InteractionTable t, int row) {
        return rated(t, row) ? t.rating[row] + t.quality[row] : implicit.confidence(t.kind[row]);
    }

    private boolean positive(InteractionTable t, int row) {
        return rated(t, row) ? t.rating[row] >= positiveThreshold : implicit.positive(t.kind[row]);
    }

    private boolean hardNegative(InteractionTable t, int row) {
        return rated(t, row) && t.rating[row] <= hardNegativeThreshold;
    }

    /**
     * Which of two train rows of one (user, item) makes the cell: a rating says more than behaviour,
     * so the latest rated row wins; among implicit rows only, the strongest (a purchase intent over a
     * view), the later on a tie.
     */
    private boolean replaces(InteractionTable t, int row, int kept) {
        boolean r = rated(t, row);
        boolean k = rated(t, kept);
        if (r != k) {
            return r;
        }
        if (r) {
            return t.timestamp[row] >= t.timestamp[kept];
        }
        double wr = implicit.weight(t.kind[row]);
        double wk = implicit.weight(t.kind[kept]);
        return wr > wk || (wr == wk && t.timestamp[row] >= t.timestamp[kept]);
    }

    public Snapshot build(InteractionTable t) {
        int n = t.size();
        int users = t.userIds.size();
        int items = t.itemIds.size();

        int[] count = new int[users];
        int[] local = new int[users];
        Arrays.fill(local, -1);
        int trainable = 0;
        for (int row = 0; row < n; row++) {
            int u = t.user[row];
            if (++count[u] == minUserInteractions) {
                local[u] = trainable++;
            }
        }
        int[] trainableUsers = new int[trainable];
        List<String> cold = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            if (local[u] >= 0) {
                trainableUsers[local[u]] = u;
            } else {
                cold.add(t.userIds.get(u));
            }
        }

        // Latest interaction of each trainable user; ties in time go to the later row.
        int[] testRow = new int[trainable];
        Arrays.fill(testRow, -1);
        for (int row = 0; row < n; row++) {
            int l = local[t.user[row]];
            if (l >= 0 && (testRow[l] < 0 || t.timestamp[row] >= t.timestamp[testRow[l]])) {
                testRow[l] = row;
            }
        }
        boolean[] isTest = new boolean[n];
        for (int r : testRow) {
            isTest[r] = true;
        }

        // Train rows grouped by matrix row, stable (arrival order within a row).
        int[] rowStart = new int[trainable + 1];
        int trainRows = 0;
        for (int row = 0; row < n; row++) {
            int l = local[t.user[row]];
            if (l >= 0 && !isTest[row]) {
                rowStart[l + 1]++;
                trainRows++;
            }
        }
        for (int l = 0; l < trainable; l++) {
            rowStart[l + 1] += rowStart[l];
        }
        int[] fill = Arrays.copyOf(rowStart, trainable);
        int[] grouped = new int[trainRows];
        for (int row = 0; row < n; row++) {
            int l = local[t.user[row]];
            if (l >= 0 && !isTest[row]) {
                grouped[fill[l]++] = row;
            }
        }

        // One cell per (user, item): the latest train interaction.
        int[] cellRowPtr = new int[trainable + 1];
        int[] cellSource = new int[trainRows];
        int cells = 0;
        long[] keys = new long[0];
        for (int l = 0; l < trainable; l++) {
            int from = rowStart[l];
            int to = rowStart[l + 1];
            int len = to - from;
            if (keys.length < len) {
                keys = new long[Math.max(len, keys.length * 2)];
            }
            for (int p = 0; p < len; p++) {
                keys[p] = ((long) t.item[grouped[from + p]] << 32) | p;
            }
            Arrays.sort(keys, 0, len);
            for (int p = 0; p < len; p++) {
                int item = (int) (keys[p] >>> 32);
                int row = grouped[from + (int) keys[p]];
                boolean sameAsPrevious = cells > cellRowPtr[l] && t.item[cellSource[cells - 1]] == item;
                if (sameAsPrevious) {
                    if (replaces(t, row, cellSource[cells - 1])) {
                        cellSource[cells - 1] = row; // later arrival wins ties
                    }
                } else {
                    cellSource[cells++] = row;
                }
            }
            cellRowPtr[l + 1] = cells;
        }
        int[] confIndices = new int[cells];
        float[] confValues = new float[cells];
        int[] binPtr = new int[trainable + 1];
        int[] negPtr = new int[trainable + 1];
        int positives = 0;
        int negatives = 0;
        for (int c = 0; c < cells; c++) {
            int row = cellSource[c];
            confIndices[c] = t.item[row];
            confValues[c] = confidence(t, row);
            if (positive(t, row)) {
                positives++;
            }
            if (hardNegative(t, row)) {
                negatives++;
            }
        }
        int[] binIdx = new int[positives];
        float[] binVal = new float[positives];
        int[] negIdx = new int[negatives];
        float[] negVal = new float[negatives];
        int bp = 0;
        int np = 0;
        for (int l = 0; l < trainable; l++) {
            for (int c = cellRowPtr[l]; c < cellRowPtr[l + 1]; c++) {
                int row = cellSource[c];
                if (positive(t, row)) {
                    binIdx[bp] = confIndices[c];
                    binVal[bp++] = 1f;
                }
                if (hardNegative(t, row)) {
                    negIdx[np] = confIndices[c];
                    negVal[np++] = 1f;
                }
            }
            binPtr[l + 1] = bp;
            negPtr[l + 1] = np;
        }
        CsrMatrix confidence = new CsrMatrix(trainable, items, cellRowPtr, confIndices, confValues);
        CsrMatrix binary = new CsrMatrix(trainable, items, binPtr, binIdx, binVal);
        CsrMatrix hardNegatives = new CsrMatrix(trainable, items, negPtr, negIdx, negVal);

        int[] testItem = new int[trainable];
        float[] testRating = new float[trainable];
        long[] testTime = new long[trainable];
        int[] testPositive = new int[trainable];
        for (int l = 0; l < trainable; l++) {
            int row = testRow[l];
            testItem[l] = t.item[row];
            testRating[l] = t.rating[row];
            testTime[l] = t.timestamp[row];
            testPositive[l] = positive(t, row) ? 1 : 0;
        }

        int[] popularity = new int[items];
        for (int row = 0; row < n; row++) {
            popularity[t.item[row]]++;
        }
        Map<String, Object> stats = stats(t, count, popularity, trainable, cold.size(), trainRows, confidence);
        return new Snapshot(
                t,
                trainableUsers,
                cold,
                confidence,
                binary,
                hardNegatives,
                testItem,
                testRating,
                testTime,
                testPositive,
                trainRows,
                popularity,
                stats);
    }

    /** The statistics drift detection and health read: shape, ratings, activity, top items, time range. */
    private Map<String, Object> stats(
            InteractionTable t,
            int[] perUser,
            int[] perItem,
            int trainable,
            int cold,
            int trainRows,
            CsrMatrix confidence) {
        int n = t.size();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("interactions", n);
        s.put("users", t.userIds.size());
        s.put("items", t.itemIds.size());
        s.put("trainable_users", trainable);
        s.put("cold_start_users", cold);
        s.put("train_interactions", trainRows);
        s.put("train_cells", confidence.nnz());
        s.put("test_interactions", trainable);
        s.put("sparsity", confidence.sparsity());
        RowTotals totals = RowTotals.of(t, this);
        putRatings(s, totals, n);
        s.put("interactions_per_user", summary(perUser));
        s.put("interactions_per_item", summary(perItem));
        s.put("top_items", topItems(t, perItem));
        if (n > 0) {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("first", Instant.ofEpochSecond(totals.first()).toString());
            range.put("last", Instant.ofEpochSecond(totals.last()).toString());
            double days = Math.max(1.0, (totals.last() - totals.first()) / 86400.0);
            range.put("days", days);
            s.put("time_range", range);
            s.put("interactions_per_day", n / days);
        }
        return s;
    }

    /**
     * One pass over the rows: counts per rating value (rated rows only: an implicit row has no rating),
     * positives, hard negatives, sums, rows per kind, time span.
     */
    private record RowTotals(
            TreeMap<Float, Long> byRating,
            long rated,
            long[] byKind,
            long positives,
            long negatives,
            double ratingSum,
            double qualitySum,
            long first,
            long last) {

        static RowTotals of(InteractionTable t, SnapshotBuilder rules) {
            // Ratings take a handful of distinct values: count them in two small arrays, not a map of strings.
            float[] ratingValues = new float[16];
            long[] ratingTally = new long[16];
            int distinct = 0;
            long rated = 0;
            long[] byKind = new long[InteractionKind.values().length];
            long positives = 0;
            long negatives = 0;
            double ratingSum = 0;
            double qualitySum = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int row = 0; row < t.size(); row++) {
                byKind[t.kind[row]]++;
                if (rules.positive(t, row)) {
                    positives++;
                }
                if (rules.hardNegative(t, row)) {
                    negatives++;
                }
                first = Math.min(first, t.timestamp[row]);
                last = Math.max(last, t.timestamp[row]);
                if (!rules.rated(t, row)) {
                    continue;
                }
                rated++;
                float r = t.rating[row];
                int k = 0;
                while (k < distinct && ratingValues[k] != r) {
                    k++;
                }
                if (k == distinct) {
                    if (distinct == ratingValues.length) {
                        ratingValues = Arrays.copyOf(ratingValues, distinct * 2);
                        ratingTally = Arrays.copyOf(ratingTally, distinct * 2);
                    }
                    ratingValues[distinct++] = r;
                }
                ratingTally[k]++;
                ratingSum += r;
                qualitySum += t.quality[row];
            }
            TreeMap<Float, Long> byRating = new TreeMap<>();
            for (int k = 0; k < distinct; k++) {
                byRating.put(ratingValues[k], ratingTally[k]);
            }
            return new RowTotals(byRating, rated, byKind, positives, negatives, ratingSum, qualitySum, first, last);
        }
    }

    /** Rating statistics are over rated rows (all rows when every row is a review, as before events). */
    private static void putRatings(Map<String, Object> s, RowTotals totals, int n) {
        long rated = totals.rated();
        Map<String, Long> ratingCounts = new LinkedHashMap<>();
        totals.byRating().forEach((r, c) -> ratingCounts.put(ratingKey(r), c));
        Map<String, Object> dist = new LinkedHashMap<>();
        ratingCounts.forEach((k, v) -> dist.put(k, (double) v / rated));
        s.put("rating_distribution", dist);
        s.put("rating_counts", new LinkedHashMap<>(ratingCounts));
        s.put("mean_rating", rated == 0 ? 0 : totals.ratingSum() / rated);
        s.put("positive_share", n == 0 ? 0 : (double) totals.positives() / n);
        s.put("hard_negative_share", n == 0 ? 0 : (double) totals.negatives() / n);
        s.put("comment_quality_mean", rated == 0 ? 0 : totals.qualitySum() / rated);
        Map<String, Long> kinds = new LinkedHashMap<>();
        for (InteractionKind k : InteractionKind.values()) {
            if (totals.byKind()[k.code()] > 0) {
                kinds.put(k.name().toLowerCase(java.util.Locale.ROOT), totals.byKind()[k.code()]);
            }
        }
        s.put("interactions_by_kind", kinds);
    }

    /** The {@code topK} most interacted items (ties by index), with their counts. */
    private List<Map<String, Object>> topItems(InteractionTable t, int[] perItem) {
        Integer[] order = new Integer[perItem.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(
                order,
                (a, b) -> perItem[b] != perItem[a] ? Integer.compare(perItem[b], perItem[a]) : Integer.compare(a, b));
        List<Map<String, Object>> top = new ArrayList<>();
        for (int k = 0; k < Math.min(topK, order.length); k++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("item_id", t.itemIds.get(order[k]));
            e.put("count", perItem[order[k]]);
            top.add(e);
        }
        return top;
    }

    private static String ratingKey(float r) {
        return r == Math.rint(r) ? Integer.toString((int) r) : Float.toString(r);
    }

    private static Map<String, Object> summary(int[] counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (counts.length == 0) {
            return m;
        }
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (int c : sorted) {
            sum += c;
        }
        m.put("min", sorted[0]);
        m.put("max", sorted[sorted.length - 1]);
        m.put("mean", (double) sum / sorted.length);
        m.put("median", sorted[sorted.length / 2]);
        m.put("p90", sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))]);
        return m;
    }
}
