package io.recsys.model;

import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import java.util.List;
import java.util.Map;

/**
 * Everything a published model holds.
 *
 * @param users          user factor table, one row per entry of {@code userIds}
 * @param items          item factor table, one row per entry of {@code itemIds}
 * @param coldStartUsers users the data knew but had too little history to train on (served popularity)
 * @param seen           users × items, the train interactions: what a recommendation must not repeat
 * @param itemPopularity interactions per item in train: the popularity fallback
 * @param card           type, hyper-parameters, seed, data snapshot, metrics, baseline, provenance
 */
public record ModelContent(
        Factors users,
        Factors items,
        List<String> userIds,
        List<String> itemIds,
        List<String> coldStartUsers,
        CsrMatrix seen,
        int[] itemPopularity,
        Map<String, Object> card) {

    public String modelId() {
        return String.valueOf(card.get("model_id"));
    }

    public String modelType() {
        return String.valueOf(card.get("model_type"));
    }

    /**
     * Columns that describe an item's taste: BPR keeps the item bias in the last column (users hold
     * a constant 1 there), which a similarity between items must leave out.
     */
    public int tasteColumns() {
        return "BPR".equals(modelType()) ? items.k() - 1 : items.k();
    }
}
