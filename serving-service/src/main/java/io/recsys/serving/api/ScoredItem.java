package io.recsys.serving.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One recommended item: its id and the score it was ranked by. */
public record ScoredItem(@JsonProperty("item_id") String itemId, float score) {}
