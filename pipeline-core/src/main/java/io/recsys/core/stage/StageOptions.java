package io.recsys.core.stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The options a run was started with: --force, --dry-run, --parent-run (the run it was started on
 * behalf of) and the stage's own options.
 */
public final class StageOptions {
    private final boolean force;
    private final boolean dryRun;
    private final Map<String, String> values;
    private final Optional<UUID> parentRunId;

    public StageOptions(boolean force, boolean dryRun, Map<String, String> values) {
        this(force, dryRun, values, Optional.empty());
    }

    public StageOptions(boolean force, boolean dryRun, Map<String, String> values, Optional<UUID> parentRunId) {
        this.force = force;
        this.dryRun = dryRun;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.parentRunId = parentRunId;
    }

    public Optional<UUID> parentRunId() {
        return parentRunId;
    }

    /** The same options on behalf of {@code parent}. */
    public StageOptions withParentRunId(Optional<UUID> parent) {
        return new StageOptions(force, dryRun, values, parent);
    }

    public static StageOptions none() {
        return new StageOptions(false, false, Map.of());
    }

    public boolean force() {
        return force;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public Map<String, String> values() {
        return values;
    }

    /** Everything, for the run ledger. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("force", force);
        m.put("dry_run", dryRun);
        m.putAll(values);
        return m;
    }
}
