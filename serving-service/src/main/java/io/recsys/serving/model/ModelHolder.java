package io.recsys.serving.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served, and the canary beside it when one runs. A request reads a reference
 * once and uses that model to the end, so a swap never mixes two models in one answer and never
 * blocks a request.
 */
@ApplicationScoped
public class ModelHolder {
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();
    private final AtomicReference<CanaryModel> canary = new AtomicReference<>();
    private final AtomicReference<Refusal> canaryRefusal = new AtomicReference<>();

    public Optional<ServedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Installs a validated model; returns the one it replaced (null at first load). */
    public ServedModel swap(ServedModel next) {
        lastRefusal.set(null);
        return current.getAndSet(next);
    }

    public void refused(Refusal refusal) {
        lastRefusal.set(refusal);
    }

    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal.get());
    }

    public Optional<CanaryModel> canary() {
        return Optional.ofNullable(canary.get());
    }

    /** Installs a validated canary, or none (null); returns the one it replaced. */
    public CanaryModel swapCanary(CanaryModel next) {
        if (next != null) {
            canaryRefusal.set(null);
        }
        return canary.getAndSet(next);
    }

    public void canaryRefused(Refusal refusal) {
        canaryRefusal.set(refusal);
    }

    /** The last canary model refused; cleared when a canary loads or the canary ends. */
    public Optional<Refusal> lastCanaryRefusal() {
        return Optional.ofNullable(canaryRefusal.get());
    }

    public void clearCanaryRefusal() {
        canaryRefusal.set(null);
    }
}
