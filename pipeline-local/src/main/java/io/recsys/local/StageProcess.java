package io.recsys.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one stage service's jar as its own process, as a CronJob would: same arguments, same exit
 * codes, configuration through the environment.
 */
final class StageProcess {

    /** What {@code run-once} exits with when the run was stopped at its deadline (as timeout(1) does). */
    static final int TIMED_OUT = 124;

    record Result(int exitCode, List<String> output) {
        /** The value of an output line {@code "  key = value"} that run-once prints. */
        String output(String key) {
            String prefix = "  " + key + " = ";
            return output.stream()
                    .filter(l -> l.startsWith(prefix))
                    .map(l -> l.substring(prefix.length()))
                    .findFirst()
                    .orElse(null);
        }
    }

    private StageProcess() {}

    static Result run(Path jar, Map<String, String> env, boolean echo, String... args)
            throws IOException, InterruptedException {
        return run(jar, env, echo, null, args);
    }

    /**
     * As {@link #run(Path, Map, boolean, String...)}, stopped at {@code deadline} when it is not null
     * (a hung stage must not hold the schedule up forever, as a Job's activeDeadlineSeconds): exit
     * {@link #TIMED_OUT}.
     */
    static Result run(Path jar, Map<String, String> env, boolean echo, Duration deadline, String... args)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " not found: build first with ./mvnw -DskipTests package");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector"); // the numeric kernels use the Vector API
        cmd.add("-Dquarkus.log.category.\"jdk.incubator.vector\".level=OFF");
        cmd.add("-Dquarkus.http.port=0"); // one-shot runs need no fixed port; several may run at once
        cmd.add("-Dquarkus.log.level=WARN");
        cmd.add("-Dquarkus.log.category.\"io.recsys\".level=INFO");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        Deadline stop = deadline == null ? null : Deadline.after(p, deadline);
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                if (echo) {
                    System.out.println("    | " + line);
                }
            }
        }
        int code = p.waitFor();
        if (stop != null
                && stop.cancel()
                && code != 0) { // a run that ended on its own as the deadline came is not "stopped"
            lines.add("stopped after its deadline of " + deadline);
            return new Result(TIMED_OUT, lines);
        }
        return new Result(code, lines);
    }

    /** Stops a process at its deadline: SIGTERM first (Quarkus shuts down cleanly), then for good after 30 s. */
    static final class Deadline {
        private final java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.CompletableFuture<Void> timer;

        private Deadline(Process p, Duration after) {
            timer = java.util.concurrent.CompletableFuture.runAsync(
                    () -> {
                        if (p.isAlive()) {
                            fired.set(true);
                            p.destroy();
                            try {
                                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                                    p.destroyForcibly();
                                }
                            } catch (InterruptedException e) {
                                p.destroyForcibly();
                                Thread.currentThread().interrupt();
                            }
                        }
                    },
                    java.util.concurrent.CompletableFuture.delayedExecutor(
                            after.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        }

        static Deadline after(Process p, Duration after) {
            return new Deadline(p, after);
        }

        /** Cancels the timer; true when it had already stopped the process. */
        boolean cancel() {
            timer.cancel(false);
            return fired.get();
        }
    }
}
