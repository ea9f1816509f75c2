package io.recsys.core.testing;

import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Stages with controllable behaviour, to exercise the runner. */
public final class TestStages {
    private TestStages() {}

    /** Succeeds; skips when --skip is given; echoes --value in its outputs. */
    @Singleton
    public static class EchoStage implements Stage {
        @Override
        public boolean supportsDryRun() {
            return true;
        }

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public List<StageOption> options() {
            return List.of(StageOption.flag("skip", "report SKIPPED"), StageOption.value("value", "echoed"));
        }

        @Override
        public StageResult execute(StageContext ctx) {
            if (ctx.options().flag("skip")) {
                return StageResult.skipped("inputs unchanged", Map.of("input", "v1"));
            }
            return StageResult.succeeded(
                    "echoed",
                    Map.of("input", "v1"),
                    Map.of("value", ctx.options().value("value").orElse("none")),
                    Map.of("rows", 3));
        }
    }

    /** Fails with an infrastructure error the first {@code failuresLeft} attempts. */
    @Singleton
    public static class FlakyStage implements Stage {
        @Override
        public boolean supportsDryRun() {
            return false;
        }

        public final AtomicInteger failuresLeft = new AtomicInteger();
        public final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public StageResult execute(StageContext ctx) throws IOException {
            calls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0) {
                throw new IOException("volume not mounted yet");
            }
            return StageResult.succeeded("ok on attempt " + ctx.attempt(), Map.of(), Map.of(), Map.of());
        }
    }

    /** The work says no: a business failure, never retried. */
    @Singleton
    public static class RejectingStage implements Stage {
        @Override
        public boolean supportsDryRun() {
            return false;
        }

        public final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "rejecting";
        }

        @Override
        public StageResult execute(StageContext ctx) throws StageFailure {
            calls.incrementAndGet();
            throw new StageFailure("12% of rows rejected (bound 5%)", List.of("rating out of range: 10 rows"));
        }
    }

    /** Blocks until released, to hold the lease while another trigger arrives. */
    @Singleton
    public static class BlockingStage implements Stage {
        @Override
        public boolean supportsDryRun() {
            return false;
        }

        public volatile CountDownLatch started = new CountDownLatch(1);
        public volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "blocking";
        }

        @Override
        public StageResult execute(StageContext ctx) throws InterruptedException {
            started.countDown();
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the blocking stage");
            }
            return StageResult.succeeded("released", Map.of(), Map.of(), Map.of());
        }
    }

    /**
     * Supports dry runs and sends a WARNING alert from inside its work (as drift or health do), then
     * fails with a business failure on --fail: every side effect the runner and the alert service own.
     */
    @Singleton
    public static class AlertingStage implements Stage {
        private final AlertService alerts;

        public AlertingStage(AlertService alerts) {
            this.alerts = alerts;
        }

        @Override
        public String name() {
            return "alerting";
        }

        @Override
        public boolean supportsDryRun() {
            return true;
        }

        @Override
        public List<StageOption> options() {
            return List.of(
                    StageOption.flag("fail", "end in a business failure"),
                    StageOption.value("tag", "makes the alert unique"));
        }

        @Override
        public StageResult execute(StageContext ctx) throws StageFailure {
            alerts.send(new Alert(
                    Severity.WARNING,
                    name(),
                    "drift found " + ctx.options().value("tag").orElse(""),
                    "something moved"));
            if (ctx.options().flag("fail")) {
                throw new StageFailure("the gate said no", List.of("one detail"));
            }
            return StageResult.succeeded("looked", Map.of("input", "v1"), Map.of(), Map.of());
        }
    }
}
