package io.recsys.serving.api;

import io.recsys.core.rest.RequiresToken;
import io.recsys.serving.model.ModelHolder;
import io.recsys.serving.model.Recommender;
import io.recsys.serving.model.ServedModel;
import io.recsys.serving.stats.Endpoint;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** The prototype's endpoints, same shapes, so its scripts and dashboards keep working. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class SeedApiResource {
    private final ModelHolder holder;
    private final ModelAdmin admin;
    private final Answering answering;
    private final Recommender recommender;

    public SeedApiResource(ModelHolder holder, ModelAdmin admin, Answering answering, Recommender recommender) {
        this.holder = holder;
        this.admin = admin;
        this.answering = answering;
        this.recommender = recommender;
    }

    @GET
    @Path("health")
    @Operation(summary = "Alive, and whether a model is loaded (the seed's /health); the canary beside it")
    public Map<String, Object> health() {
        Optional<ServedModel> m = holder.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", m.isPresent() ? "healthy" : "no_model");
        body.put("model_id", m.map(ServedModel::modelId).orElse(null));
        body.put("model_loaded", m.isPresent());
        holder.canary()
                .ifPresent(c -> body.put("canary", Map.of("model_id", c.model().modelId(), "share", c.share())));
        return body;
    }

    @GET
    @Path("model_info")
    @Operation(summary = "The seed's /model_info")
    public ModelInfo modelInfo() {
        return admin.info();
    }

    @POST
    @Path("recommend")
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The seed's POST /recommend {user_id, topk}")
    public RestResponse<Recommendations> recommend(RecommendRequest request) {
        if (request == null || request.userId() == null || request.userId().isBlank()) {
            throw new ServingException(Response.Status.BAD_REQUEST, "user_id is required");
        }
        int k = answering.k(request.topk());
        boolean exclude = request.excludeSeen() == null || request.excludeSeen();
        return answering.answer(
                Endpoint.RECOMMEND, request.userId(), m -> recommender.recommend(m, request.userId(), k, exclude));
    }

    @POST
    @Path("reload_model")
    @RequiresToken
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The seed's POST /reload_model: load what the alias names now")
    public Response reload(ReloadRequest request) throws Exception {
        return admin.reload(request);
    }
}
