package io.recsys.serving.api;

import io.recsys.serving.model.Recommender;
import io.recsys.serving.stats.Endpoint;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The public recommendation API. No token: it sits behind the shop's own gateway. Answers are
 * computed on the I/O thread (a few hundred microseconds of scoring, no blocking calls): handing
 * them to a worker pool cost more than the work on two cores.
 */
@Path("/api/v1")
@NonBlocking
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationResource {
    private final Answering answering;
    private final Recommender recommender;

    public RecommendationResource(Answering answering, Recommender recommender) {
        this.answering = answering;
        this.recommender = recommender;
    }

    @GET
    @Path("/recommendations/{userId}")
    @Operation(
            summary = "Top-k items for a user",
            description = "Unknown and cold-start users get the most popular items, flagged fallback=true.")
    public RestResponse<Recommendations> recommend(
            @PathParam("userId") String userId,
            @Parameter(description = "how many items (default serving.default-k)") @QueryParam("k") Integer k,
            @Parameter(description = "leave out items the user already interacted with")
                    @QueryParam("exclude_seen")
                    @DefaultValue("true")
                    boolean excludeSeen,
            @Parameter(description = "set by probes (deploy smoke tests): no impression is recorded")
                    @HeaderParam(Answering.PROBE_HEADER)
                    String probe) {
        int n = answering.k(k);
        return answering.answer(
                Endpoint.RECOMMEND, userId, probe != null, m -> recommender.recommend(m, userId, n, excludeSeen));
    }

    @GET
    @Path("/items/{itemId}/similar")
    @Operation(summary = "Items most similar to an item (cosine of item factors)")
    public RestResponse<Recommendations> similar(@PathParam("itemId") String itemId, @QueryParam("k") Integer k) {
        int n = answering.k(k);
        return answering.answer(Endpoint.SIMILAR, m -> {
            Recommendations r = recommender.similar(m, itemId, n);
            if (r == null) {
                throw new ServingException(
                        Response.Status.NOT_FOUND, "item " + itemId + " is not in model " + m.modelId());
            }
            return r;
        });
    }

    @GET
    @Path("/items/popular")
    @Operation(summary = "The most popular items (train interactions)")
    public RestResponse<Recommendations> popular(@QueryParam("k") Integer k) {
        int n = answering.k(k);
        return answering.answer(Endpoint.POPULAR, m -> recommender.popular(m, n));
    }
}
