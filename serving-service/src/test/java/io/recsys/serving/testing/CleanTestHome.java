package io.recsys.serving.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Empties {@code target/test-home} when the test JVM starts: the embedded database is new for each
 * JVM, so the artifacts it describes must be too (published artifacts are immutable, and a rerun
 * would find last run's).
 */
public class CleanTestHome implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Path home = Path.of("target", "test-home");
        if (Files.exists(home)) {
            try (Stream<Path> walk = Files.walk(home)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // left for inspection after the run
    }
}
