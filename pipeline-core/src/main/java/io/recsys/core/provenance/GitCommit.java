package io.recsys.core.provenance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The git commit of the running code, for model cards and deployment records. */
public final class GitCommit {
    private static volatile String commit;

    private GitCommit() {
    }

    /** {@code RECSYS_GIT_COMMIT} (set by the image build), else {@code git rev-parse HEAD}, else "unknown". */
    public static String current() {
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
