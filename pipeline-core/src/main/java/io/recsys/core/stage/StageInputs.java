package io.recsys.core.stage;

import java.util.Map;

/**
 * The versions of what a stage's run reads (file digests, artifact ids, settings), as one typed
 * value. The string-keyed form exists only at the edge: the run ledger's {@code input_versions} and
 * an artifact's recorded inputs, which is also what the next run compares against.
 */
public interface StageInputs {

    /** The ledger's form; its keys are a stored format (old rows are compared against it), so they never change. */
    Map<String, Object> asLedgerMap();
}
