package io.recsys.serving.api;

import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.runner.InstanceIdentity;
import io.recsys.serving.config.ServingConfig;
import io.recsys.serving.model.AliasWatcher;
import io.recsys.serving.model.ModelHolder;
import io.recsys.serving.model.ServedModel;
import io.recsys.serving.model.SyncOutcome;
import io.recsys.serving.replica.Heartbeat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Model information and on-demand reloads, shared by the v1 API and the seed's endpoints. */
@ApplicationScoped
public class ModelAdmin {
    private final ModelHolder holder;
    private final AliasWatcher watcher;
    private final ModelAliases aliases;
    private final Heartbeat heartbeat;
    private final InstanceIdentity identity;
    private final ServingConfig config;

    public ModelAdmin(
            ModelHolder holder,
            AliasWatcher watcher,
            ModelAliases aliases,
            Heartbeat heartbeat,
            InstanceIdentity identity,
            ServingConfig config) {
        this.holder = holder;
        this.watcher = watcher;
        this.aliases = aliases;
        this.heartbeat = heartbeat;
        this.identity = identity;
        this.config = config;
    }

    public ModelInfo info() {
        return ModelInfo.of(
                identity.id(),
                config.alias(),
                holder.current(),
                holder.lastRefusal(),
                holder.canary(),
                holder.lastCanaryRefusal());
    }

    /**
     * Checks the alias now and loads its model if needed. The alias decides what is served: a
     * caller naming another model is told to move the alias (deploy-service) instead.
     */
    public Response reload(ReloadRequest request) throws Exception {
        Optional<AliasTarget> target = aliases.current(config.alias());
        if (request != null
                && request.modelId() != null
                && !target.map(t -> t.modelId().equals(request.modelId())).orElse(false)) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(Map.of(
                            "error",
                            "alias " + config.alias()
                                    + " names "
                                    + target.map(AliasTarget::modelId).orElse("no model") + ", not " + request.modelId()
                                    + ": deploy it with deploy-service (run-once --model-id " + request.modelId()
                                    + ")"))
                    .build();
        }
        SyncOutcome outcome = watcher.sync();
        heartbeat.now();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome.name());
        body.put("model_id", holder.current().map(ServedModel::modelId).orElse(null));
        holder.lastRefusal().ifPresent(r -> body.put("refused", Map.of("model_id", r.modelId(), "reason", r.reason())));
        // 422: the request was fine, the model it would load is not.
        return Response.status(outcome == SyncOutcome.REFUSED ? 422 : 200)
                .entity(body)
                .build();
    }
}
