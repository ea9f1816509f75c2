package io.recsys.core.ledger;

/**
 * Outcome counts of one stage over a period. The success rate counts SUCCEEDED and SKIPPED as
 * success and leaves CANCELLED (never executed) out of the denominator; null when nothing ran.
 */
public record StageStats(
        String stage,
        long total,
        long succeeded,
        long skipped,
        long failed,
        long error,
        long cancelled,
        long running,
        Double successRate,
        Double meanDurationSeconds) {}
