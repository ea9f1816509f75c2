package io.recsys.serving.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The seed's POST /recommend body. */
public record RecommendRequest(
        @JsonProperty("user_id") String userId,
        Integer topk,
        @JsonProperty("exclude_seen") Boolean excludeSeen) {}
