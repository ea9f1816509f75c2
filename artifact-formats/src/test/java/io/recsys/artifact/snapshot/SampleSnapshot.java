package io.recsys.artifact.snapshot;

import io.recsys.math.CsrMatrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small snapshot with a value in every part: 3 users (u3 cold), 4 items, 7 interactions. The
 * fixture under {@code src/test/resources/fixtures/snapshot-v1} was written from it by
 * {@link WriteFormatFixtures}; never regenerate that fixture to make a test pass.
 */
final class SampleSnapshot {
    private SampleSnapshot() {}

    static SnapshotContent content() {
        SnapshotInteractions rows = new SnapshotInteractions(
                List.of("u1", "u2", "u3"),
                List.of("p1", "p2", "p3", "p4"),
                new int[] {0, 0, 1, 1, 0, 2, 1},
                new int[] {0, 1, 1, 2, 3, 0, 0},
                new float[] {5, 4, 2, 5, 3, 1, 4},
                new long[] {100, 200, 300, 400, 500, 600, 700},
                new float[] {0.5f, 0, 0.25f, 1, 0, 0, 0.75f},
                new int[7]);
        CsrMatrix confidence = CsrMatrix.fromTriples(
                2, 4, new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 2}, new float[] {5.5f, 4, 2.25f, 6});
        CsrMatrix binary = CsrMatrix.fromTriples(2, 4, new int[] {0, 0, 1}, new int[] {0, 1, 2}, new float[] {1, 1, 1});
        CsrMatrix hard = CsrMatrix.fromTriples(2, 4, new int[] {1}, new int[] {1}, new float[] {1});
        HeldOutTest test =
                new HeldOutTest(new int[] {3, 0}, new float[] {3, 4}, new long[] {500, 700}, new int[] {1, 1});
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("n_interactions", 7);
        stats.put("rating_distribution", Map.of("1", 1, "2", 1, "3", 1, "4", 2, "5", 2));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("mode", "full");
        metadata.put("parent_snapshot", null);
        metadata.put("input_versions", Map.of("raw", "sha256:abc"));
        return new SnapshotContent(
                rows,
                new int[] {0, 1},
                List.of("u3"),
                new TrainMatrices(confidence, binary, hard),
                test,
                new int[] {3, 2, 1, 1},
                stats,
                metadata);
    }
}
