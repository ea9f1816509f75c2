package io.recsys.deploy.canary;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.recsys.core.rest.HttpRuns;
import io.recsys.core.rest.RequiresToken;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.StageOptions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canary over HTTP: start and stop are canary runs (recorded, leased, alerted, like
 * {@code run-once --stage canary --start/--stop}), answered 202 with the run id; GET reads the
 * running canary and the judge's numbers without a run.
 */
@Path("/api/v1/canary")
@Produces(MediaType.APPLICATION_JSON)
public class CanaryResource {
    private final CanaryStage stage;
    private final HttpRuns runs;

    public CanaryResource(CanaryStage stage, HttpRuns runs) {
        this.stage = stage;
        this.runs = runs;
    }

    /** {@code {"model_id": "...", "share": 0.1}}; share is optional (deploy.canary.share). */
    public record StartRequest(@JsonProperty("model_id") String modelId, Double share) {}

    @GET
    public Map<String, Object> status() throws Exception {
        return stage.inspect();
    }

    @POST
    @RequiresToken
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(StartRequest request) throws Exception {
        if (request == null || request.modelId() == null || request.modelId().isBlank()) {
            return bad("model_id is required");
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("start", request.modelId());
        if (request.share() != null) {
            options.put("share", request.share().toString());
        }
        return run(options);
    }

    @DELETE
    @RequiresToken
    public Response stop() throws Exception {
        return run(Map.of("stop", "true"));
    }

    private Response run(Map<String, String> given) throws Exception {
        StageOptions options;
        try {
            options = OptionParser.fromMap(false, false, given, stage);
            CanaryStage.action(options);
            if (options.value("share").isPresent()) {
                CanaryStage.share(options.value("share"), 0);
            }
        } catch (InvalidInvocationException e) {
            return bad(e.getMessage());
        }
        return runs.start(stage, options);
    }

    private static Response bad(String message) {
        return Response.status(Response.Status.BAD_REQUEST)
                .entity(Map.of("error", message))
                .build();
    }
}
