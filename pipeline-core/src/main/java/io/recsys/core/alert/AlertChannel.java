package io.recsys.core.alert;

/** A destination for alerts. Implementations throw on delivery failure; the service counts it. */
public interface AlertChannel {

    ChannelKind kind();

    /** False when the channel lacks its settings (no recipients, no webhook): skipped, not failed. */
    boolean configured();

    void send(Alert alert) throws Exception;
}
