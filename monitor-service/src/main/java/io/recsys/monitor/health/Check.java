package io.recsys.monitor.health;

/**
 * One check of a component: its name, whether it passed, how bad a failure is, and what was seen.
 * A failed check with status HEALTHY is informational (e.g. no embeddings yet).
 */
public record Check(String name, boolean passed, HealthStatus ifFailed, String message) {

    public static Check pass(String name, String message) {
        return new Check(name, true, HealthStatus.HEALTHY, message);
    }

    public static Check fail(String name, HealthStatus status, String message) {
        return new Check(name, false, status, message);
    }

    public HealthStatus status() {
        return passed ? HealthStatus.HEALTHY : ifFailed;
    }
}
