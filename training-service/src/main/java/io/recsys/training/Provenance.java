package io.recsys.training;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Where a model came from: the git commit of the code that trained it. */
final class Provenance {
    private static volatile String commit;

    private Provenance() {
    }

    /** {@code RECSYS_GIT_COMMIT} (set by the image build), else {@code git rev-parse HEAD}, else "unknown". */
    static String gitCommit() {
        String c = commit;
        if (c == null) {
            c = System.getenv("RECSYS_GIT_COMMIT");
            if (c == null || c.isBlank()) {
                c = fromGit();
            }
            commit = c;
        }
        return c;
    }

    private static String fromGit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && line != null && line.matches("[0-9a-f]{40}")) {
                    return line;
                }
            }
        } catch (Exception ignored) {
            // no git here (a container): unknown
        }
        return "unknown";
    }
}
