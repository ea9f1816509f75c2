package io.recsys.serving.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A serving replica as a real process (the packaged jar), for tests of what talks to replicas
 * over HTTP. Runs from the calling module's directory so relative artifact paths agree.
 */
public final class ServingProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final String instanceId;
    private final Path log;

    private ServingProcess(Process process, int port, String instanceId, Path log) {
        this.process = process;
        this.port = port;
        this.instanceId = instanceId;
        this.log = log;
    }

    /** The packaged serving jar, built by the reactor before the module that uses this. */
    public static Path jar() {
        Path jar = Path.of("..", "serving-service", "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build serving-service first (mvn package)");
        }
        return jar;
    }

    /** Starts a replica and waits until it answers /health. */
    public static ServingProcess start(String instanceId, String jdbcUrl, Path home) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", instanceId + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl,
                "-Dquarkus.datasource.username=postgres",
                "-Dquarkus.datasource.password=postgres",
                "-Drecsys.home=" + home,
                "-Drecsys.api.token=test-token",
                "-Drecsys.instance-id=" + instanceId,
                "-Dserving.advertised-url=http://127.0.0.1:" + port,
                "-Dserving.poll-interval=300ms",
                "-Dserving.heartbeat-interval=500ms",
                "-jar", jar().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServingProcess replica = new ServingProcess(p, port, instanceId, log);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException(instanceId + " exited with " + p.exitValue() + "; see " + log);
                }
                return replica.healthStatus() == 200;
            });
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
        return replica;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String instanceId() {
        return instanceId;
    }

    public Path log() {
        return log;
    }

    private int healthStatus() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** A crash (SIGKILL): no clean shutdown, so its row stays in the replica directory, going stale. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops it the way Kubernetes does (SIGTERM: a clean shutdown leaves the replica directory). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
