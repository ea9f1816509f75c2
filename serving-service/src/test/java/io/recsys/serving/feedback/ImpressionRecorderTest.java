package io.recsys.serving.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.recsys.core.feedback.Impression;
import io.recsys.core.feedback.Variant;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.testing.ConfigProxy;
import io.recsys.serving.config.ServingConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The recorder never makes an answer wait: a stuck or failing database costs impressions, counted. */
class ImpressionRecorderTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private ImpressionRecorder recorder;

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        recorder.stop();
    }

    private static ServingConfig.Impressions settings(int buffer, int batch) {
        return ConfigProxy.of(
                ServingConfig.Impressions.class,
                Map.of(
                        "enabled",
                        true,
                        "bufferSize",
                        buffer,
                        "batchSize",
                        batch,
                        "flushInterval",
                        Duration.ofMillis(20)));
    }

    private static Impression shown(int n) {
        return new Impression(
                "r" + n,
                Instant.now(),
                "replica-1",
                "recommend",
                "u" + n,
                null,
                "m1",
                Variant.PRODUCTION,
                null,
                List.of("p1", "p2"));
    }

    private double dropped() {
        return meters.counter(MetricNames.SERVING_IMPRESSIONS_DROPPED).count();
    }

    @Test
    void writesInBatchesOfAtMostBatchSizeInTheOrderRecorded() {
        List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        recorder = new ImpressionRecorder(
                b -> batches.add(b.stream().map(Impression::requestId).toList()), settings(100, 4), meters);
        for (int i = 0; i < 10; i++) {
            recorder.record(shown(i));
        }
        recorder.start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> meters.counter(MetricNames.SERVING_IMPRESSIONS).count() == 10);
        assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(4));
        assertThat(batches.stream().flatMap(List::stream))
                .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
        assertThat(dropped()).isZero();
        assertThat(recorder.takeDropped()).isZero();
    }

    @Test
    void aStuckDatabaseFillsTheBufferAndTheRestIsDroppedAndCountedWithoutWaiting() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        recorder = new ImpressionRecorder(
                b -> {
                    writing.countDown();
                    release.await(); // the database hangs
                },
                settings(5, 1),
                meters);
        recorder.start();
        recorder.record(shown(0)); // taken by the writer, which then hangs
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        // Returns while the database still hangs: an offer that waited would never return.
        CompletableFuture.runAsync(() -> {
                    for (int i = 1; i <= 1000; i++) {
                        recorder.record(shown(i));
                    }
                })
                .get(30, TimeUnit.SECONDS);
        assertThat(release.getCount()).as("the database is still stuck").isOne();
        assertThat(dropped()).as("5 fit in the buffer").isEqualTo(995);
        assertThat(recorder.takeDropped()).isEqualTo(995);
        assertThat(recorder.takeDropped()).as("reported once").isZero();
    }

    @Test
    void aBatchTheDatabaseRefusesIsDroppedAndCounted() {
        recorder = new ImpressionRecorder(
                b -> {
                    throw new java.sql.SQLException("connection refused");
                },
                settings(100, 10),
                meters);
        recorder.start();
        for (int i = 0; i < 3; i++) {
            recorder.record(shown(i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> dropped() == 3);
        assertThat(meters.counter(MetricNames.SERVING_IMPRESSIONS).count()).isZero();
    }
}
