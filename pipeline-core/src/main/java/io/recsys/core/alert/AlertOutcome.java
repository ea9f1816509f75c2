package io.recsys.core.alert;

import java.util.List;
import java.util.Map;

/**
 * What happened to one alert: suppressed as a duplicate, or which channels took it, which were
 * not configured, and which failed (with the reason).
 */
public record AlertOutcome(
        boolean suppressed,
        List<ChannelKind> delivered,
        List<ChannelKind> notConfigured,
        Map<ChannelKind, String> failed) {}
