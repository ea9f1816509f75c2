package io.recsys.monitor;

import io.recsys.core.artifact.ArtifactKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.math.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Data snapshots for monitoring tests, with the interactions files the monitor reads. Items and
 * ratings are drawn by a low-discrepancy sequence (multiples of the golden ratio), so counts follow
 * the weights almost exactly and an "unchanged" batch really has the history's proportions.
 */
final class TestSnapshots {
    static final long DAY = 86_400;
    static final long START = 1_700_000_000L;

    /** A block of interactions: how many, over which days, items by weight, ratings by weight. */
    record Batch(int interactions, int users, long fromDay, long days, List<String> items, double[] itemWeights,
                 double[] ratingWeights) {
    }

    private TestSnapshots() {
    }

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

    static void publish(ArtifactStore store, ArtifactRegistry registry, String id, List<Batch> batches) throws Exception {
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
        store.publish("snapshots", id, Map.of(), dir -> {
            Path inter = Files.createDirectories(dir.resolve("interactions"));
            Npy.write(inter.resolve("user.npy"), user);
            Npy.write(inter.resolve("item.npy"), item);
            Npy.write(inter.resolve("rating.npy"), rating);
            Npy.write(inter.resolve("timestamp.npy"), ts);
            List<String> userIds = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                userIds.add("u" + u);
            }
            new ObjectMapper().writeValue(dir.resolve("mappings.json").toFile(),
                    Map.of("user_ids", userIds, "item_ids", itemIds));
        });
        Path dir = store.area("snapshots").resolve(id);
        registry.registerAndPoint(new ArtifactRecord(ArtifactKind.DATA_SNAPSHOT, id, dir.toString(), store.manifestDigest(dir),
                Instant.now(), null, Map.of(), Map.of()), "current");
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
