package io.recsys.data;

import io.recsys.core.stage.StageInputs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versions a snapshot is built from: the raw interactions file's digest, the product
 * catalogue's ({@code disabled} without one), the data configuration's fingerprint and the newest
 * event's transaction it takes in ({@code none} before any event, {@code disabled} when events are
 * off). Recorded as the run's and the snapshot's input versions; equal versions and no staging
 * batch make a refresh redundant.
 */
public record SnapshotInputs(String rawInteractionsSha256, String productsSha256, String config, String eventsThrough)
        implements StageInputs {

    /** The catalogue digest when {@code data.products.enabled=false}. */
    public static final String NO_CATALOGUE = "disabled";

    /** {@code eventsThrough} before the first event, and with data.events.enabled=false. */
    public static final String NO_EVENTS = "none";

    public static final String EVENTS_OFF = "disabled";

    /** A snapshot's recorded versions; a key missing from an old record is null and matches nothing. */
    public static SnapshotInputs fromMap(Map<String, Object> m) {
        return new SnapshotInputs(
                string(m.get("raw_interactions_sha256")),
                string(m.get("products_sha256")),
                string(m.get("config")),
                string(m.get("events_through")));
    }

    /** The same versions after the staging batch was merged into the raw file. */
    public SnapshotInputs withRawInteractions(String sha256) {
        return new SnapshotInputs(sha256, productsSha256, config, eventsThrough);
    }

    @Override
    public Map<String, Object> asLedgerMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw_interactions_sha256", rawInteractionsSha256);
        m.put("products_sha256", productsSha256);
        m.put("config", config);
        m.put("events_through", eventsThrough);
        return m;
    }

    private static String string(Object v) {
        return v == null ? null : v.toString();
    }
}
