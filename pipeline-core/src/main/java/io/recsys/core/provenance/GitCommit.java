package io.recsys.core.provenance;

import io.recsys.core.config.PipelineConfig;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The git commit of the running code, for model cards and deployment records. */
@Singleton
public class GitCommit {
    private final PipelineConfig config;
    private volatile String commit;

    public GitCommit(PipelineConfig config) {
        this.config = config;
    }

    /**
     * {@code recsys.git-commit} (env {@code RECSYS_GIT_COMMIT}, set by the image build), else
     * {@code git rev-parse HEAD}, else "unknown". Asked on first use, not at start-up: most runs
     * record no provenance.
     */
    public String current() {
        String c = commit;
        if (c == null) {
            c = config.gitCommit().filter(s -> !s.isBlank()).orElseGet(GitCommit::fromGit);
            commit = c;
        }
        return c;
    }

    private static String fromGit() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                if (p.waitFor(5, TimeUnit.SECONDS)
                        && p.exitValue() == 0
                        && line != null
                        && line.matches("[0-9a-f]{40}")) {
                    return line;
                }
            }
        } catch (Exception ignored) {
            // no git here (a container): unknown
        }
        return "unknown";
    }
}
