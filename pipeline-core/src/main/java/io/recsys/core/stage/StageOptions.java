package io.recsys.core.stage;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The options a run was started with: --force, --dry-run, --parent-run (the run it was started on
 * behalf of), --no-chain (start no downstream stage) and the stage's own options.
 */
public final class StageOptions {
    private final boolean force;
    private final boolean dryRun;
    private final Map<String, String> values;
    private final Optional<UUID> parentRunId;
    private final boolean chain;

    public StageOptions(boolean force, boolean dryRun, Map<String, String> values) {
        this(force, dryRun, values, Optional.empty());
    }

    public StageOptions(boolean force, boolean dryRun, Map<String, String> values, Optional<UUID> parentRunId) {
        this(force, dryRun, values, parentRunId, true);
    }

    public StageOptions(
            boolean force, boolean dryRun, Map<String, String> values, Optional<UUID> parentRunId, boolean chain) {
        this.force = force;
        this.dryRun = dryRun;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.parentRunId = parentRunId;
        this.chain = chain;
    }

    /** False for {@code --no-chain} / {@code "chain": false}: this run starts no downstream stage. */
    public boolean chain() {
        return chain;
    }

    /** The same options, chaining or not. */
    public StageOptions withChain(boolean on) {
        return new StageOptions(force, dryRun, values, parentRunId, on);
    }

    public Optional<UUID> parentRunId() {
        return parentRunId;
    }

    /** The same options on behalf of {@code parent}. */
    public StageOptions withParentRunId(Optional<UUID> parent) {
        return new StageOptions(force, dryRun, values, parent, chain);
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
        if (!chain) {
            m.put("chain", false);
        }
        m.putAll(values);
        return m;
    }
}
