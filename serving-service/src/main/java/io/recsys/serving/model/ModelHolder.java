package io.recsys.serving.model;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served. A request reads the reference once and uses that model to the end, so
 * a swap never mixes two models in one answer and never blocks a request.
 */
@ApplicationScoped
public class ModelHolder {
    private final AtomicReference<ServedModel> current = new AtomicReference<>();
    private final AtomicReference<Refusal> lastRefusal = new AtomicReference<>();

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
}
