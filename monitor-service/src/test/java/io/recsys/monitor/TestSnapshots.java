package io.recsys.monitor;

import io.recsys.artifact.snapshot.HeldOutTest;
import io.recsys.artifact.snapshot.SnapshotContent;
import io.recsys.artifact.snapshot.SnapshotInteractions;
import io.recsys.artifact.snapshot.SnapshotWriter;
import io.recsys.artifact.snapshot.TrainMatrices;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.math.CsrMatrix;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data snapshots for monitoring tests, written by the snapshot format's writer with the interactions the monitor reads. Items and
 * ratings are drawn by a low-discrepancy sequence (multiples of the golden ratio), so counts follow
 * the weights almost exactly and an "unchanged" batch really has the history's proportions.
 */
final class TestSnapshots {
    static final long DAY = 86_400;
    static final long START = 1_700_000_000L;

    /** A block of interactions: how many, over which days, items by weight, ratings by weight. */
    record Batch(
            int interactions,
            int users,
            long fromDay,
            long days,
            List<String> items,
            double[] itemWeights,
            double[] ratingWeights) {}

    private TestSnapshots() {}

    /** Zipf weights 1/r^s for n items named prefix0..prefix(n-1). */
    static List<String> items(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    static double[] zipf(int n, double s) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 / Math.pow(i + 1, s);
        }
        return w;
    }

    static void publish(ArtifactStore store, ArtifactRegistry registry, String id, List<Batch> batches)
            throws Exception {
        List<String> itemIds = new ArrayList<>();
        Map<String, Integer> itemIndex = new LinkedHashMap<>();
        int total = batches.stream().mapToInt(Batch::interactions).sum();
        int[] user = new int[total];
        int[] item = new int[total];
        float[] rating = new float[total];
        long[] ts = new long[total];
        int row = 0;
        int maxUsers = 0;
        for (Batch b : batches) {
            maxUsers = Math.max(maxUsers, b.users());
            double phi = 0.6180339887498949;
            for (int j = 0; j < b.interactions(); j++) {
                String it = b.items().get(pick(b.itemWeights(), (j * phi) % 1));
                item[row] = itemIndex.computeIfAbsent(it, k -> {
                    itemIds.add(k);
                    return itemIds.size() - 1;
                });
                rating[row] = 1 + pick(b.ratingWeights(), (j * 0.7548776662466927 + 0.5) % 1);
                user[row] = j % b.users();
                ts[row] = START + b.fromDay() * DAY + (long) ((double) j / b.interactions() * b.days() * DAY);
                row++;
            }
        }
        int users = maxUsers;
        List<String> userIds = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            userIds.add("u" + u);
        }
        int[] popularity = new int[itemIds.size()];
        for (int i : item) {
            popularity[i]++;
        }
        // Only the interactions matter to the monitor: no matrix rows.
        CsrMatrix none = CsrMatrix.fromTriples(0, itemIds.size(), new int[0], new int[0], new float[0]);
        SnapshotContent content = new SnapshotContent(
                new SnapshotInteractions(userIds, itemIds, user, item, rating, ts, new float[total], new int[total]),
                new int[0],
                List.of(),
                new TrainMatrices(none, none, none),
                new HeldOutTest(new int[0], new float[0], new long[0], new int[0]),
                popularity,
                Map.of(),
                Map.of());
        store.publish("snapshots", id, Map.of(), dir -> SnapshotWriter.write(dir, content));
        Path dir = store.area("snapshots").resolve(id);
        registry.registerAndPoint(
                new ArtifactRecord(
                        ArtifactKind.DATA_SNAPSHOT,
                        id,
                        dir.toString(),
                        store.manifestDigest(dir),
                        Instant.now(),
                        null,
                        Map.of(),
                        Map.of()),
                "current");
    }

    /**
     * The largest file a published snapshot lists in its manifest (an interactions column): what a
     * test damages to see that a broken snapshot is noticed, without knowing the format's layout.
     */
    static Path someArray(ArtifactStore store, String id) throws java.io.IOException {
        Path dir = store.area("snapshots").resolve(id);
        return store.readManifest(dir).files().stream()
                .max(java.util.Comparator.comparingLong(io.recsys.core.artifact.Manifest.Entry::size)
                        .thenComparing(io.recsys.core.artifact.Manifest.Entry::path))
                .map(e -> dir.resolve(e.path()))
                .orElseThrow();
    }

    /** The index whose cumulative weight first exceeds u ∈ [0, 1). */
    private static int pick(double[] weights, double u) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i] / total;
            if (u < acc) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
