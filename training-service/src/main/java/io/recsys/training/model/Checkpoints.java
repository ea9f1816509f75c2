package io.recsys.training.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.math.Factors;
import io.recsys.math.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Training checkpoints under {@code checkpoints/}, published atomically like every artifact, named
 * {@code <key>.iter-NNNNN}. The key ties a checkpoint to one data snapshot, model type and set of
 * hyper-parameters, so a rerun after a crash resumes only the same training. The last
 * {@code keep} are kept.
 */
public final class Checkpoints {
    private static final Logger LOG = Logger.getLogger(Checkpoints.class);
    private static final String AREA = "checkpoints";

    /** A loaded checkpoint. Best factors are present when early stopping had a best evaluation. */
    public record Saved(
            int iteration,
            Factors users,
            Factors items,
            Map<String, Object> state,
            Factors bestUsers,
            Factors bestItems) {}

    private final ArtifactStore store;
    private final String key;
    private final int keep;
    private final ObjectMapper json = new ObjectMapper();

    public Checkpoints(ArtifactStore store, String key, int keep) {
        this.store = store;
        this.key = key;
        this.keep = Math.max(1, keep);
    }

    public void save(int iteration, Factors users, Factors items, EarlyStopping es) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("iteration", iteration);
        state.put("key", key);
        if (es != null && es.hasBest()) {
            state.put("best_metric", es.best());
            state.put("best_iteration", es.bestIteration());
            state.put("since_best", es.sinceBest());
        }
        store.publish(AREA, name(iteration), state, dir -> {
            write(dir.resolve("users.npy"), users);
            write(dir.resolve("items.npy"), items);
            if (es != null && es.hasBest()) {
                write(dir.resolve("best_users.npy"), es.bestUsers());
                write(dir.resolve("best_items.npy"), es.bestItems());
            }
            Files.write(dir.resolve("state.json"), json.writeValueAsBytes(state));
        });
        prune();
    }

    /** The newest checkpoint of this key that verifies against its manifest. */
    public Optional<Saved> latest() throws IOException {
        for (Path dir : mine().stream().sorted(Comparator.reverseOrder()).toList()) {
            try {
                store.verify(dir);
                @SuppressWarnings("unchecked")
                Map<String, Object> state =
                        json.readValue(dir.resolve("state.json").toFile(), Map.class);
                Factors bestUsers =
                        Files.exists(dir.resolve("best_users.npy")) ? read(dir.resolve("best_users.npy")) : null;
                Factors bestItems =
                        Files.exists(dir.resolve("best_items.npy")) ? read(dir.resolve("best_items.npy")) : null;
                return Optional.of(new Saved(
                        ((Number) state.get("iteration")).intValue(),
                        read(dir.resolve("users.npy")),
                        read(dir.resolve("items.npy")),
                        state,
                        bestUsers,
                        bestItems));
            } catch (IOException e) {
                LOG.warnf("checkpoint %s is unusable (%s); trying an older one", dir.getFileName(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Removes this key's checkpoints (after the model is published). */
    public void clear() throws IOException {
        for (Path dir : mine()) {
            deleteTree(dir);
        }
    }

    private void prune() throws IOException {
        List<Path> all = mine().stream().sorted(Comparator.reverseOrder()).toList();
        for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
            deleteTree(old);
        }
    }

    private List<Path> mine() throws IOException {
        Path area = store.area(AREA);
        if (!Files.isDirectory(area)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(area)) {
            return s.filter(p -> p.getFileName().toString().startsWith(key + ".iter-"))
                    .toList();
        }
    }

    private String name(int iteration) {
        return key + ".iter-" + String.format("%05d", iteration);
    }

    static void write(Path file, Factors f) throws IOException {
        Npy.writeMatrix(file, f.data(), f.rows(), f.k());
    }

    static Factors read(Path file) throws IOException {
        Npy.Array a = Npy.read(file);
        if (a.shape().length != 2) {
            throw new IOException(file + ": expected a 2-D factor table");
        }
        return new Factors(a.shape()[0], a.shape()[1], a.floats());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
