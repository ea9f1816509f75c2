package io.recsys.core.online;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of {@code online_metrics}: a day's counts for a model and variant, with the catalogue
 * size the coverage was measured against (the current data snapshot's item count when the day was
 * computed; null when there was no snapshot, and then no coverage).
 */
public record OnlineDay(LocalDate day, OnlineCounts counts, Long catalogueSize, Instant computedAt) {

    /** Distinct items shown over the catalogue size; null without a catalogue size. */
    public Double coverage() {
        return catalogueSize == null || catalogueSize == 0 ? null : (double) counts.distinctItems() / catalogueSize;
    }
}
