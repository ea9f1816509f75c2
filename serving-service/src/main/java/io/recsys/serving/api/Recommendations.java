package io.recsys.serving.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * An answer: best first. {@code fallback} is true when the items are the most popular ones
 * instead of personal recommendations, and {@code fallback_reason} says why (unknown_user,
 * cold_start).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendations(
        @JsonProperty("user_id") String userId,
        @JsonProperty("item_id") String itemId,
        @JsonProperty("model_id") String modelId,
        boolean fallback,
        @JsonProperty("fallback_reason") String fallbackReason,
        List<ScoredItem> items) {}
