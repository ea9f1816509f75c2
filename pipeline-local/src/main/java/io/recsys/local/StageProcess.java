package io.recsys.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one stage service's jar as its own process, as a CronJob would: same arguments, same exit
 * codes, configuration through the environment.
 */
final class StageProcess {

    record Result(int exitCode, List<String> output) {
        /** The value of an output line {@code "  key = value"} that run-once prints. */
        String output(String key) {
            String prefix = "  " + key + " = ";
            return output.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                    .findFirst().orElse(null);
        }
    }

    private StageProcess() {
    }

    static Result run(Path jar, Map<String, String> env, boolean echo, String... args) throws IOException,
            InterruptedException {
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
        return new Result(p.waitFor(), lines);
    }
}
