package io.recsys.core.stage;

import java.util.Optional;

/**
 * A stage whose run is redundant when its output already exists for the same inputs, the way a
 * pipeline launcher caches a step. The {@link io.recsys.core.runner.StageRunner} applies the rule,
 * the same for every such stage: it asks for the current output and this run's inputs, and when
 * they match (and {@link #stillValid} agrees) it records SKIPPED with {@link #skipMessage} and the
 * inputs, without calling {@link #execute(StageContext, StageInputs, Optional)}; {@code --force}
 * always executes. A dry run takes the same decision (a skip is reported, a run plans).
 *
 * @param <I> the stage's inputs
 * @param <C> what its current output is known by (an artifact record, the last run, an alias target)
 */
public interface CachedStage<I extends StageInputs, C> extends Stage {

    /** The output this run would replace: the current artifact, the last finished run, ...; empty when none. */
    Optional<C> current(StageContext ctx) throws Exception;

    /**
     * This run's inputs, read before any work; a missing or unreadable input fails here as it would
     * in the work itself.
     */
    I inputs(StageContext ctx, Optional<C> current) throws Exception;

    /** Whether {@code current} was made from these inputs. */
    boolean unchanged(I inputs, C current);

    /**
     * Conditions beside the inputs that a skip needs (the current artifact still verifies, no
     * staging batch waits); asked only when the inputs are unchanged.
     */
    default boolean stillValid(StageContext ctx, I inputs, C current) throws Exception {
        return true;
    }

    /** The SKIPPED run's message, naming the output that is kept. */
    String skipMessage(StageContext ctx, I inputs, C current);

    /** The work, once the runner decided the run is needed (changed inputs, no output yet, or --force). */
    StageResult execute(StageContext ctx, I inputs, Optional<C> current) throws Exception;

    /** The work without the skip rule: what the runner runs under {@code --force}. */
    @Override
    default StageResult execute(StageContext ctx) throws Exception {
        Optional<C> current = current(ctx);
        return execute(ctx, inputs(ctx, current), current);
    }
}
