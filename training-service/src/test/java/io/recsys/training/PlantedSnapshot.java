package io.recsys.training;

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
import io.recsys.math.FloatList;
import io.recsys.math.IntList;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes a data snapshot with the snapshot format's writer (the contract between the two stages), with
 * planted structure: users and items in four taste groups, users buying mostly in their group,
 * popularity skewed within groups. Collaborative filtering should beat popularity on it.
 */
final class PlantedSnapshot {
    static final int USERS = 400;
    static final int ITEMS = 120;

    private PlantedSnapshot() {}

    /**
     * Publishes the snapshot {@code content} writes as {@code id} and points
     * {@code data-snapshot/current} at it, as the data stage does.
     */
    static void publishCurrent(
            ArtifactStore store, ArtifactRegistry artifacts, String id, ArtifactStore.ContentWriter content)
            throws Exception {
        store.publish("snapshots", id, Map.of(), content);
        Path dir = store.area("snapshots").resolve(id);
        artifacts.registerAndPoint(
                new ArtifactRecord(
                        ArtifactKind.DATA_SNAPSHOT,
                        id,
                        dir.toString(),
                        store.manifestDigest(dir),
                        Instant.now(),
                        UUID.randomUUID(),
                        Map.of(),
                        Map.of()),
                ArtifactKind.CURRENT);
    }

    static void write(Path dir, long seed) throws IOException {
        write(dir, seed, USERS, ITEMS);
    }

    static void write(Path dir, long seed, int users, int items) throws IOException {
        final int USERS = users;
        final int ITEMS = items;
        SplittableRandom rng = new SplittableRandom(seed);
        IntList r = new IntList();
        IntList c = new IntList();
        FloatList v = new FloatList();
        IntList negR = new IntList();
        IntList negC = new IntList();
        int[] testItem = new int[USERS];
        int[] testPositive = new int[USERS];
        for (int u = 0; u < USERS; u++) {
            int group = u % 4;
            boolean[] taken = new boolean[ITEMS];
            int n = 8 + rng.nextInt(10);
            List<Integer> chosen = new ArrayList<>();
            while (chosen.size() < n + 1) {
                int item = rng.nextDouble() < 0.85
                        ? group + 4 * (int) Math.min(ITEMS / 4 - 1, Math.floor(-Math.log(1 - rng.nextDouble()) * 6))
                        : rng.nextInt(ITEMS);
                if (!taken[item]) {
                    taken[item] = true;
                    chosen.add(item);
                }
            }
            testItem[u] = chosen.get(n);
            testPositive[u] = testItem[u] % 4 == group ? 1 : 0;
            java.util.Collections.sort(chosen.subList(0, n));
            for (int k = 0; k < n; k++) {
                int item = chosen.get(k);
                boolean liked = item % 4 == group;
                r.add(u);
                c.add(item);
                v.add(liked ? 5.5f : 2.5f);
                if (!liked) {
                    negR.add(u);
                    negC.add(item);
                }
            }
        }
        CsrMatrix confidence = CsrMatrix.fromTriples(USERS, ITEMS, r.toArray(), c.toArray(), v.toArray());
        IntList br = new IntList();
        IntList bc = new IntList();
        for (int u = 0; u < USERS; u++) {
            for (int p = confidence.rowStart(u); p < confidence.rowEnd(u); p++) {
                if (confidence.valueAt(p) > 4) {
                    br.add(u);
                    bc.add(confidence.columnAt(p));
                }
            }
        }
        CsrMatrix binary = CsrMatrix.fromTriples(USERS, ITEMS, br.toArray(), bc.toArray(), ones(br.size()));
        CsrMatrix hard = CsrMatrix.fromTriples(USERS, ITEMS, negR.toArray(), negC.toArray(), ones(negR.size()));
        writeFiles(dir, confidence, binary, hard, testItem, testPositive);
    }

    /**
     * A world popularity wins: items 0-9 are bought by almost everyone, the rest at random, and each
     * user's held-out item is one of the popular items they have not bought yet.
     */
    static void writePopularityWorld(Path dir, long seed, int users, int items) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        IntList r = new IntList();
        IntList c = new IntList();
        int[] testItem = new int[users];
        int[] testPositive = new int[users];
        for (int u = 0; u < users; u++) {
            boolean[] taken = new boolean[items];
            int held = rng.nextInt(10);
            for (int i = 0; i < 10; i++) {
                taken[i] = i != held && rng.nextDouble() < 0.8;
            }
            for (int k = 0; k < 6; k++) {
                taken[10 + rng.nextInt(items - 10)] = true;
            }
            for (int i = 0; i < items; i++) {
                if (taken[i]) {
                    r.add(u);
                    c.add(i);
                }
            }
            testItem[u] = held;
            testPositive[u] = 1;
        }
        CsrMatrix all = CsrMatrix.fromTriples(users, items, r.toArray(), c.toArray(), ones(r.size()));
        float[] five = new float[all.nnz()];
        java.util.Arrays.fill(five, 5.5f);
        CsrMatrix confidence = new CsrMatrix(users, items, all.indptr(), all.indices(), five);
        CsrMatrix none = CsrMatrix.fromTriples(users, items, new int[0], new int[0], new float[0]);
        writeFiles(dir, confidence, all, none, testItem, testPositive);
    }

    /**
     * The snapshot through the data stage's own writer: the train cells become the interactions
     * (rating = confidence, in row order), ids "u0".., "p0.., every user trainable.
     */
    private static void writeFiles(
            Path dir, CsrMatrix confidence, CsrMatrix binary, CsrMatrix hard, int[] testItem, int[] testPositive)
            throws IOException {
        int users = confidence.rows();
        List<String> userIds = new ArrayList<>();
        int[] trainable = new int[users];
        for (int u = 0; u < users; u++) {
            userIds.add("u" + u);
            trainable[u] = u;
        }
        List<String> itemIds = new ArrayList<>();
        for (int i = 0; i < confidence.cols(); i++) {
            itemIds.add("p" + i);
        }
        int n = confidence.nnz();
        int[] user = new int[n];
        int[] item = new int[n];
        float[] rating = new float[n];
        long[] time = new long[n];
        int[] popularity = new int[confidence.cols()];
        for (int u = 0; u < users; u++) {
            for (int p = confidence.rowStart(u); p < confidence.rowEnd(u); p++) {
                user[p] = u;
                item[p] = confidence.columnAt(p);
                rating[p] = confidence.valueAt(p);
                time[p] = p;
                popularity[item[p]]++;
            }
        }
        SnapshotInteractions rows =
                new SnapshotInteractions(userIds, itemIds, user, item, rating, time, new float[n], new int[n]);
        HeldOutTest test = new HeldOutTest(testItem, new float[users], new long[users], testPositive);
        SnapshotWriter.write(
                dir,
                new SnapshotContent(
                        rows,
                        trainable,
                        List.of(),
                        new TrainMatrices(confidence, binary, hard),
                        test,
                        popularity,
                        Map.of("n_interactions", n),
                        Map.of()));
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
