package io.recsys.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.core.testing.FreshInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code drifted-batch}: a staging batch of one-star ratings by known users on known products,
 * stamped within the last day, that the next refresh takes in (the refusals: {@code DriftedBatchOptionsTest}).
 */
@QuarkusMainTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
class DriftedBatchCommandTest {
    private static final Path HOME = Path.of("target/test-home").toAbsolutePath();
    private static final Path STAGING = HOME.resolve("staging/new_interactions.csv");

    @BeforeEach
    void freshInstallation() throws Exception {
        FreshInstallation.reset(HOME);
    }

    @Test
    void aDriftedBatchOfKnownPairsIsStagedAndTakenInByTheNextRefresh(QuarkusMainLauncher launcher) throws Exception {
        assertThat(launcher.launch("generate-demo", "--interactions", "3000", "--seed", "5")
                        .exitCode())
                .isZero();
        Files.delete(STAGING); // the demo's own batch: not this test's
        LaunchResult drifted = launcher.launch("drifted-batch", "--rows", "300");
        assertThat(drifted.exitCode()).as(drifted.getErrorOutput()).isZero();
        assertThat(drifted.getOutput()).contains("wrote a drifted staging batch of 300 rows rated 1");
        List<String> lines = Files.readAllLines(STAGING);
        assertThat(lines.get(0)).isEqualTo("user_id,product_id,rating,comment,timestamp");
        assertThat(lines).hasSize(301);
        List<String> raw = Files.readAllLines(HOME.resolve("raw/data_reviews_purchase.csv"));
        Set<String> rawUsers =
                raw.stream().skip(1).map(l -> l.split(",", -1)[0]).collect(Collectors.toSet());
        Set<String> rawProducts =
                raw.stream().skip(1).map(l -> l.split(",", -1)[1]).collect(Collectors.toSet());
        Instant dayAgo = Instant.now().minus(1, ChronoUnit.DAYS).minusSeconds(60);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            assertThat(rawUsers).as(line).contains(f[0]);
            assertThat(rawProducts).as(line).contains(f[1]);
            assertThat(f[2]).as(line).isEqualTo("1");
            assertThat(Instant.parse(f[4])).as(line).isAfter(dayAgo).isBeforeOrEqualTo(Instant.now());
        }

        LaunchResult refresh = launcher.launch("run-once");
        assertThat(refresh.exitCode()).as(refresh.getOutput()).isZero();
        assertThat(refresh.getOutput()).contains("data-refresh SUCCEEDED");
        assertThat(STAGING).doesNotExist();
    }
}
