package io.recsys.core.testing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A service's packaged jar ({@code quarkus-app/quarkus-run.jar}) as an OS process against a
 * database, for the {@code *IT} tests: one run to its exit code ({@link #run}), or a server
 * waited for until it answers ({@link #serve}). The jar's path comes from the build: failsafe
 * passes {@value #UNDER_TEST} (the module's own jar) and {@value #SERVING} (serving-service's) as
 * system properties, set once in the root pom. The process runs in the test's working directory
 * (the module's), so relative paths it is given agree with the test's.
 */
public final class ServiceJar {
    /** System property: the jar of the module whose tests run. */
    public static final String UNDER_TEST = "jar.under-test";
    /** System property: serving-service's jar, for tests that start serving replicas. */
    public static final String SERVING = "jar.serving";

    private final Path jar;
    private final List<String> jvmOptions = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();

    private ServiceJar(Path jar) {
        this.jar = jar;
    }

    /** The jar of the module under test. */
    public static ServiceJar underTest() {
        return fromProperty(UNDER_TEST);
    }

    /** serving-service's jar (the module using it depends on serving-service, so it is built first). */
    public static ServiceJar serving() {
        return fromProperty(SERVING);
    }

    private static ServiceJar fromProperty(String property) {
        String path = System.getProperty(property);
        if (path == null || path.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: *IT tests run under"
                    + " maven-failsafe-plugin (./mvnw verify), which passes it from the root pom");
        }
        Path jar = Path.of(path).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package its module first (./mvnw verify does)");
        }
        return new ServiceJar(jar);
    }

    public Path jar() {
        return jar;
    }

    /** The embedded test database (user and password {@code postgres}), as Quarkus reads it. */
    public ServiceJar database(String jdbcUrl) {
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        return this;
    }

    /** The service's artifact home ({@code recsys.home}). */
    public ServiceJar home(Path home) {
        return env("RECSYS_HOME", home.toString());
    }

    /** One configuration value as an environment variable ({@code RECSYS_LEASE_TTL}, ...). */
    public ServiceJar env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** JVM options before {@code -jar} ({@code -Xmx1g}, {@code -Dserving.poll-interval=300ms}, ...). */
    public ServiceJar jvm(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    private ProcessBuilder command(Path log, List<String> jvmExtra, String... args) {
        // The Vector API module is what recsys-math uses; services that do not use it ignore it.
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector"));
        cmd.addAll(jvmOptions);
        cmd.addAll(jvmExtra);
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts a command-mode run ({@code run-once}, ...) without a web server; output to {@code log}. */
    public Process start(Path log, String... args) throws IOException {
        return command(log, List.of("-Dquarkus.http.port=0"), args).start();
    }

    /** Runs a command to its end and returns its exit code; fails if it does not end in {@code timeout}. */
    public int run(Path log, Duration timeout, String... args) throws IOException, InterruptedException {
        Process p = start(log, args);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("java -jar " + jar.getFileName() + " " + String.join(" ", args)
                    + " did not finish in " + timeout + "; see " + log);
        }
        return p.exitValue();
    }

    /** A port free now, for {@link #serve} (and for options that name it, like an advertised URL). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts the service as a server on {@code port} and waits until {@code readyPath} answers 200;
     * fails (stopping it) if it exits first or is not ready in {@code timeout}.
     */
    public Server serve(int port, Path log, String readyPath, Duration timeout) throws IOException {
        Process p = command(log, List.of("-Dquarkus.http.port=" + port)).start();
        Server server = new Server(p, port, log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (server.status(readyPath) != 200) {
            if (!p.isAlive()) {
                throw new IllegalStateException(
                        jar + " exited with " + p.exitValue() + " before it was ready; see " + log);
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IllegalStateException(
                        jar + " did not answer " + readyPath + " in " + timeout + "; see " + log);
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // polling a process we do not control
        }
        return server;
    }

    /** A running server: stopped with SIGTERM by {@link #close}, or crashed with {@link #kill}. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path log;

        private Server(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        public int port() {
            return port;
        }

        public String baseUrl() {
            return "http://127.0.0.1:" + port;
        }

        public Path log() {
            return log;
        }

        /** The HTTP status of a GET on {@code path}, or -1 if nothing answers. */
        public int status(String path) {
            try {
                HttpResponse<Void> r = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding());
                return r.statusCode();
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** A crash (SIGKILL): no shutdown hooks run. */
        public void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }

        /** A clean stop (SIGTERM, as Kubernetes does), forced after 30 s. */
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
}
