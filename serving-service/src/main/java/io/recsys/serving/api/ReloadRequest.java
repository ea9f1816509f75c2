package io.recsys.serving.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of POST /reload_model: optionally the model the caller expects the alias to name. */
public record ReloadRequest(@JsonProperty("model_id") String modelId) {}
