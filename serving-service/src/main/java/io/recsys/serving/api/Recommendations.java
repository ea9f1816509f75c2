package io.recsys.serving.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An answer: best first. {@code fallback} is true when the items are the most popular ones
 * instead of personal recommendations, and {@code fallback_reason} says why (unknown_user,
 * cold_start). {@code request_id} names this answer (also the {@code X-Request-Id} header): events
 * that follow it carry it, so clicks are attributed to what was shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendations(
        @JsonProperty("user_id") String userId,
        @JsonProperty("item_id") String itemId,
        @JsonProperty("model_id") String modelId,
        boolean fallback,
        @JsonProperty("fallback_reason") String fallbackReason,
        List<ScoredItem> items,
        @JsonProperty("request_id") String requestId,
        String variant,
        @JsonProperty("folded_in") Boolean foldedIn) {

    /** The recommender's answer, before serving names it. */
    public Recommendations(
            String userId,
            String itemId,
            String modelId,
            boolean fallback,
            String fallbackReason,
            List<ScoredItem> items) {
        this(userId, itemId, modelId, fallback, fallbackReason, items, null, null, null);
    }

    /** A personal answer for a shopper the model was not trained on, from their events (fold-in). */
    public static Recommendations foldedIn(String userId, String modelId, List<ScoredItem> items) {
        return new Recommendations(userId, null, modelId, false, null, items, null, null, Boolean.TRUE);
    }

    public Recommendations named(String id, String variantName) {
        return new Recommendations(userId, itemId, modelId, fallback, fallbackReason, items, id, variantName, foldedIn);
    }
}
