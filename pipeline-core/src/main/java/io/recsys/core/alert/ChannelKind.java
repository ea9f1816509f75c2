package io.recsys.core.alert;

/** The places an alert can go. ALERTMANAGER pages on-call (Prometheus Alertmanager's v2 API). */
public enum ChannelKind {
    LOG,
    EMAIL,
    SLACK,
    ALERTMANAGER
}
