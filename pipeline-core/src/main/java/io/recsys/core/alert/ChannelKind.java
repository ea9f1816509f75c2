package io.recsys.core.alert;

/** The places an alert can go. */
public enum ChannelKind {
    LOG, EMAIL, SLACK
}
