package io.recsys.core.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.config.PipelineConfig;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The commit comes from {@code recsys.git-commit} (env RECSYS_GIT_COMMIT), not from the process environment. */
class GitCommitTest {

    private static PipelineConfig withCommit(Optional<String> commit) {
        return (PipelineConfig) Proxy.newProxyInstance(
                PipelineConfig.class.getClassLoader(), new Class<?>[] {PipelineConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("gitCommit")) {
                        return commit;
                    }
                    throw new IllegalStateException("not read by GitCommit: " + method.getName());
                });
    }

    @Test
    void theConfiguredCommitIsRecorded() {
        assertThat(new GitCommit(withCommit(Optional.of("0123abc"))).current()).isEqualTo("0123abc");
    }

    @Test
    void aBlankOrMissingCommitFallsBackToGitOrUnknown() {
        // the build's checkout has git (a 40-hex commit); an image without it says "unknown"
        assertThat(new GitCommit(withCommit(Optional.of("  "))).current()).matches("[0-9a-f]{40}|unknown");
        assertThat(new GitCommit(withCommit(Optional.empty())).current()).matches("[0-9a-f]{40}|unknown");
    }
}
