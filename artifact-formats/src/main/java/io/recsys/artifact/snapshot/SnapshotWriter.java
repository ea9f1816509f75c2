package io.recsys.artifact.snapshot;

import static io.recsys.artifact.snapshot.SnapshotLayout.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a data snapshot into a directory (the {@code ArtifactStore}'s staging directory, which it
 * publishes atomically). The layout is {@link SnapshotLayout}'s.
 */
public final class SnapshotWriter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SnapshotWriter() {}

    public static void write(Path dir, SnapshotContent s) throws IOException {
        SnapshotInteractions t = s.interactions();
        Path inter = Files.createDirectories(dir.resolve(INTERACTIONS));
        Npy.write(inter.resolve(USER), t.user());
        Npy.write(inter.resolve(ITEM), t.item());
        Npy.write(inter.resolve(RATING), t.rating());
        Npy.write(inter.resolve(TIMESTAMP), t.timestamp());
        Npy.write(inter.resolve(COMMENT_QUALITY), t.commentQuality());
        Npy.write(inter.resolve(KIND), t.kind());
        // Derived, for readers outside Java: a rated row's confidence is rating + comment quality; an
        // implicit row has NaN here (its weight is configuration: train/confidence holds the value used).
        float[] confidence = new float[t.size()];
        for (int i = 0; i < confidence.length; i++) {
            confidence[i] = t.rated(i) ? t.rating()[i] + t.commentQuality()[i] : Float.NaN;
        }
        Npy.write(inter.resolve(CONFIDENCE), confidence);

        List<String> trainable = new ArrayList<>(s.trainableUserIndex().length);
        for (int u : s.trainableUserIndex()) {
            trainable.add(t.userIds().get(u));
        }
        Map<String, Object> mappings = new LinkedHashMap<>();
        mappings.put("user_ids", t.userIds());
        mappings.put("item_ids", t.itemIds());
        mappings.put("trainable_users", trainable);
        mappings.put("cold_start_users", s.coldStartUsers());
        JSON.writeValue(dir.resolve(MAPPINGS).toFile(), mappings);
        Npy.write(dir.resolve(TRAINABLE_USER_INDEX), s.trainableUserIndex());

        Path train = Files.createDirectories(dir.resolve(TRAIN));
        writeCsr(train, Matrix.CONFIDENCE, s.train().confidence());
        writeCsr(train, Matrix.BINARY, s.train().binary());
        writeCsr(train, Matrix.HARD_NEGATIVES, s.train().hardNegatives());

        Path test = Files.createDirectories(dir.resolve(TEST));
        Npy.write(test.resolve(TEST_ITEM), s.heldOut().item());
        Npy.write(test.resolve(TEST_RATING), s.heldOut().rating());
        Npy.write(test.resolve(TEST_TIMESTAMP), s.heldOut().timestamp());
        Npy.write(test.resolve(TEST_IS_POSITIVE), s.heldOut().isPositive());

        Npy.write(dir.resolve(ITEM_POPULARITY), s.itemPopularity());
        JSON.writeValue(dir.resolve(STATS).toFile(), s.stats());
        JSON.writeValue(dir.resolve(METADATA).toFile(), s.metadata());
    }

    private static void writeCsr(Path dir, Matrix which, CsrMatrix m) throws IOException {
        Npy.write(dir.resolve(which.indptr()), m.indptr());
        Npy.write(dir.resolve(which.indices()), m.indices());
        Npy.write(dir.resolve(which.data()), m.values());
    }
}
