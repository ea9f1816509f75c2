package io.recsys.math;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs {@code tasks} indexed tasks on a given pool and waits; unchecked failures pass through. */
public final class Parallel {
    private Parallel() {}

    public static void forEach(ForkJoinPool pool, int tasks, IntConsumer body) {
        try {
            pool.submit(() -> IntStream.range(0, tasks).parallel().forEach(body))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
