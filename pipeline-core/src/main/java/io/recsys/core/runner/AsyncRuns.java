package io.recsys.core.runner;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Executes runs started over HTTP or by the schedule, off the request thread. */
@ApplicationScoped
public class AsyncRuns {
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stage-run");
        t.setDaemon(false);
        return t;
    });
    private final StageRunner runner;

    public AsyncRuns(StageRunner runner) {
        this.runner = runner;
    }

    public void submit(RunHandle handle) {
        executor.submit(() -> runner.execute(handle));
    }

    @PreDestroy
    void stop() throws InterruptedException {
        // Let running stages finish their bookkeeping; the lease expires if we are killed instead.
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
