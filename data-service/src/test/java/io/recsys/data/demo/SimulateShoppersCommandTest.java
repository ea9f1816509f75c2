package io.recsys.data.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo commands' contract: every option does what it says or exits 2 (simulate-shoppers and
 * generate-demo); serving out of reach exits 4.
 */
@QuarkusMainTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SimulateShoppersCommandTest {
    private static final Path HOME = Path.of("target/test-home").toAbsolutePath();

    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(HOME);
    }

    /** One launch per case, one demo data set for all (each launch starts the application). */
    @Test
    void badOptionsExitTwoNamingWhatIsWrongAndServingOutOfReachExitsFour(QuarkusMainLauncher launcher) {
        LaunchResult noData = launcher.launch("simulate-shoppers", "--serving", "http://127.0.0.1:8080");
        assertThat(noData.exitCode()).isEqualTo(2);
        assertThat(noData.getErrorOutput()).contains("run generate-demo first");
        LaunchResult typo = launcher.launch("generate-demo", "--interactons", "2000");
        assertThat(typo.exitCode())
                .as("generate-demo refuses what it would ignore")
                .isEqualTo(2);
        assertThat(typo.getErrorOutput()).contains("unknown option '--interactons'");
        assertThat(launcher.launch("generate-demo", "--interactions", "2000").exitCode())
                .isZero();
        LaunchResult unknown = launcher.launch("simulate-shoppers", "--serving", "http://x", "--shopers", "5");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.getErrorOutput()).contains("unknown argument '--shopers'");
        LaunchResult oneSession = launcher.launch("simulate-shoppers", "--serving", "http://x", "--sessions", "1");
        assertThat(oneSession.exitCode()).isEqualTo(2);
        assertThat(oneSession.getErrorOutput()).contains("--sessions must be in 2..100");
        LaunchResult unreachable = launcher.launch(
                "simulate-shoppers", "--serving", "http://127.0.0.1:1", "--shoppers", "3", "--pause-seconds", "0");
        assertThat(unreachable.exitCode()).isEqualTo(4);
        assertThat(unreachable.getErrorOutput()).contains("error:");
    }
}
