package io.recsys.local;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A long-running service (a serving replica) as its own process, as a Kubernetes Deployment would
 * run it: configuration through the environment, output to a log file under the home.
 */
final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final String name;
    private final int port;
    private final Path log;

    private ServiceProcess(Process process, String name, int port, Path log) {
        this.process = process;
        this.name = name;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar on {@code port} (a free one when it is taken) and waits until {@code readyPath} answers 200. */
    static ServiceProcess start(
            String name, Path jar, Map<String, String> env, int preferredPort, String readyPath, Path logDir)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " not found: build first with ./mvnw -DskipTests package");
        }
        int port = free(preferredPort) ? preferredPort : anyFreePort();
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "-Xmx768m",
                "-Dquarkus.log.category.\"jdk.incubator.vector\".level=OFF",
                "-Dquarkus.http.port=" + port,
                "-Drecsys.instance-id=" + name,
                "-Dserving.advertised-url=http://127.0.0.1:" + port,
                "-jar",
                jar.toString(),
                "serve"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        ServiceProcess s = new ServiceProcess(pb.start(), name, port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (s.status(readyPath) != 200) {
            if (!s.process.isAlive()) {
                throw new IOException(name + " exited with code " + s.process.exitValue() + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                s.close();
                throw new IOException(name + " did not become ready within 120 s; see " + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        return s;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    Process process() {
        return process;
    }

    int status(String path) {
        try {
            return get(path).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyFreePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** SIGTERM, so the service shuts down cleanly (a replica leaves the directory). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
