package io.recsys.serving.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.recsys.serving.model.CanaryModel;
import io.recsys.serving.model.Refusal;
import io.recsys.serving.model.ServedModel;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What a replica serves and what it last refused; the canary beside it, when one runs. */
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
        Map<String, Object> refused,
        Map<String, Object> canary) {

    static ModelInfo of(
            String instanceId,
            String alias,
            Optional<ServedModel> model,
            Optional<Refusal> refusal,
            Optional<CanaryModel> canaryModel,
            Optional<Refusal> canaryRefusal) {
        Map<String, Object> canary = null;
        if (canaryModel.isPresent() || canaryRefusal.isPresent()) {
            canary = new LinkedHashMap<>();
            if (canaryModel.isPresent()) {
                canary.put("model_id", canaryModel.get().model().modelId());
                canary.put("share", canaryModel.get().share());
            }
            if (canaryRefusal.isPresent()) {
                canary.put(
                        "refused",
                        Map.of(
                                "model_id",
                                canaryRefusal.get().modelId(),
                                "reason",
                                canaryRefusal.get().reason()));
            }
        }
        Map<String, Object> refused = refusal.map(r ->
                        Map.<String, Object>of("model_id", r.modelId(), "reason", r.reason(), "at", r.at().toString()))
                .orElse(null);
        if (model.isEmpty()) {
            return new ModelInfo(
                    instanceId, alias, false, null, null, null, null, null, null, null, null, null, refused, canary);
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
                refused,
                canary);
    }
}
