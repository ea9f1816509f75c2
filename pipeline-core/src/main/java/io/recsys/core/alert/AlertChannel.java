package io.recsys.core.alert;

/** A destination for alerts. Implementations throw on delivery failure; the service counts it. */
public interface AlertChannel {

    ChannelKind kind();

    /** False when the channel lacks its settings (no recipients, no webhook): skipped, not failed. */
    boolean configured();

    /**
     * Whether this alert in particular has somewhere to go (e.g. email recipients for its
     * severity); false means skipped, not failed. By default: {@link #configured()}.
     */
    default boolean configuredFor(Alert alert) {
        return configured();
    }

    void send(Alert alert) throws Exception;
}
