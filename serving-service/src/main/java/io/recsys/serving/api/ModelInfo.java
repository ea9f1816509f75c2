package io.recsys.serving.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.recsys.serving.model.Refusal;
import io.recsys.serving.model.ServedModel;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What a replica serves and what it last refused. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(
        @JsonProperty("instance_id") String instanceId,
        String alias,
        @JsonProperty("model_loaded") boolean modelLoaded,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("model_type") String modelType,
        @JsonProperty("loaded_at") Instant loadedAt,
        @JsonProperty("manifest_sha256") String manifestSha256,
        Integer users,
        Integer items,
        Integer factors,
        @JsonProperty("data_snapshot") Object dataSnapshot,
        Object metrics,
        Map<String, Object> refused) {

    static ModelInfo of(String instanceId, String alias, Optional<ServedModel> model, Optional<Refusal> refusal) {
        Map<String, Object> refused = refusal.map(r ->
                        Map.<String, Object>of("model_id", r.modelId(), "reason", r.reason(), "at", r.at().toString()))
                .orElse(null);
        if (model.isEmpty()) {
            return new ModelInfo(
                    instanceId, alias, false, null, null, null, null, null, null, null, null, null, refused);
        }
        ServedModel m = model.get();
        return new ModelInfo(
                instanceId,
                alias,
                true,
                m.modelId(),
                m.modelType(),
                m.loadedAt(),
                m.manifestSha256(),
                m.content().userIds().size(),
                m.itemCount(),
                m.content().items().k(),
                m.content().card().get("data_snapshot"),
                m.content().card().get("metrics"),
                refused);
    }
}
