package io.recsys.serving.testing;

import io.recsys.core.testing.ServiceJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A serving replica as a real process (the packaged jar, started by {@link ServiceJar}), for tests
 * of what talks to replicas over HTTP. Runs from the calling module's directory so relative
 * artifact paths agree.
 */
public final class ServingProcess implements AutoCloseable {
    private final ServiceJar.Server server;
    private final String instanceId;

    private ServingProcess(ServiceJar.Server server, String instanceId) {
        this.server = server;
        this.instanceId = instanceId;
    }

    /** Several replicas started at once (each is a JVM booting), returned in the order of their ids. */
    public static List<ServingProcess> startAll(String jdbcUrl, Path home, String... instanceIds) {
        List<CompletableFuture<ServingProcess>> starting = new ArrayList<>();
        for (String id : instanceIds) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return start(id, jdbcUrl, home);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        return starting.stream().map(CompletableFuture::join).toList();
    }

    /** Starts a replica and waits until it answers /health. */
    public static ServingProcess start(String instanceId, String jdbcUrl, Path home) throws IOException {
        int port = ServiceJar.freePort();
        ServiceJar jar = ServiceJar.serving()
                .database(jdbcUrl)
                .home(home)
                .jvm(
                        "-Xmx512m",
                        "-Drecsys.api.token=test-token",
                        "-Drecsys.instance-id=" + instanceId,
                        "-Dserving.advertised-url=http://127.0.0.1:" + port,
                        "-Dserving.poll-interval=300ms",
                        "-Dserving.heartbeat-interval=500ms");
        ServiceJar.Server server =
                jar.serve(port, Path.of("target", instanceId + ".log"), "/health", Duration.ofSeconds(90));
        return new ServingProcess(server, instanceId);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public String instanceId() {
        return instanceId;
    }

    public Path log() {
        return server.log();
    }

    /** A crash (SIGKILL): no clean shutdown, so its row stays in the replica directory, going stale. */
    public void kill() throws InterruptedException {
        server.kill();
    }

    /** Stops it the way Kubernetes does (SIGTERM: a clean shutdown leaves the replica directory). */
    @Override
    public void close() {
        server.close();
    }
}
