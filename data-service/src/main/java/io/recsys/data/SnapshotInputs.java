package io.recsys.data;

import io.recsys.core.stage.StageInputs;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The versions a snapshot is built from: the raw interactions file's digest, the product
 * catalogue's ({@code disabled} without one) and the data configuration's fingerprint. Recorded as
 * the run's and the snapshot's input versions; equal versions and no staging batch make a refresh
 * redundant.
 */
public record SnapshotInputs(String rawInteractionsSha256, String productsSha256, String config)
        implements StageInputs {

    /** The catalogue digest when {@code data.products.enabled=false}. */
    public static final String NO_CATALOGUE = "disabled";

    /** A snapshot's recorded versions; a key missing from an old record is null and matches nothing. */
    public static SnapshotInputs fromMap(Map<String, Object> m) {
        return new SnapshotInputs(
                string(m.get("raw_interactions_sha256")), string(m.get("products_sha256")), string(m.get("config")));
    }

    /** The same versions after the staging batch was merged into the raw file. */
    public SnapshotInputs withRawInteractions(String sha256) {
        return new SnapshotInputs(sha256, productsSha256, config);
    }

    @Override
    public Map<String, Object> asLedgerMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw_interactions_sha256", rawInteractionsSha256);
        m.put("products_sha256", productsSha256);
        m.put("config", config);
        return m;
    }

    private static String string(Object v) {
        return v == null ? null : v.toString();
    }
}
