package io.recsys.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.monitor.health.Check;
import io.recsys.monitor.health.ComponentHealth;
import io.recsys.monitor.health.HealthComponent;
import io.recsys.monitor.health.HealthReport;
import io.recsys.monitor.health.HealthStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The problem key names what is wrong, not its changing numbers. */
class HealthReportTest {

    private static HealthReport report(Check... checks) {
        return new HealthReport(Instant.now(), List.of(new ComponentHealth(HealthComponent.DATA, List.of(checks))));
    }

    @Test
    void theSameFailingChecksWithOtherNumbersHaveTheSameKey() {
        HealthReport hourOne = report(
                Check.fail("snapshot_freshness", HealthStatus.WARNING, "170 h"), Check.pass("snapshot_intact", "ok"));
        HealthReport hourTwo = report(
                Check.fail("snapshot_freshness", HealthStatus.WARNING, "171 h"), Check.pass("snapshot_intact", "ok"));
        assertThat(hourOne.problemKey()).isEqualTo(hourTwo.problemKey()).isEqualTo("warning data/snapshot_freshness");
    }

    @Test
    void anotherFailingCheckOrLevelIsAnotherKey() {
        String one = report(Check.fail("snapshot_freshness", HealthStatus.WARNING, "x"))
                .problemKey();
        assertThat(report(Check.fail("snapshot_freshness", HealthStatus.CRITICAL, "x"))
                        .problemKey())
                .isNotEqualTo(one);
        assertThat(report(
                                Check.fail("snapshot_freshness", HealthStatus.WARNING, "x"),
                                Check.fail("snapshot_intact", HealthStatus.CRITICAL, "y"))
                        .problemKey())
                .isNotEqualTo(one);
        // informational failures (status unaffected) are not problems
        assertThat(report(Check.fail("embeddings", HealthStatus.HEALTHY, "none yet"))
                        .problemKey())
                .isEmpty();
    }
}
