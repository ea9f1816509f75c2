package io.recsys.core.rest;

import io.recsys.core.chain.ChainLinks;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.runner.OptionParser;
import io.recsys.core.runner.StageRegistry;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOptions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Trigger and inspect runs over HTTP, with the same runner as the CLI. */
@Path("/api/v1/runs")
@RequiresToken
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    private final StageRegistry stages;
    private final HttpRuns runs;
    private final RunLedger ledger;
    private final ChainLinks chainLinks;

    public RunsResource(StageRegistry stages, HttpRuns runs, RunLedger ledger, ChainLinks chainLinks) {
        this.stages = stages;
        this.runs = runs;
        this.ledger = ledger;
        this.chainLinks = chainLinks;
    }

    /** 202 with the run id; 409 with the holder's run id when the stage is already running. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response trigger(RunRequest request) throws SQLException {
        RunRequest r = request == null ? new RunRequest(null, false, false, Map.of(), null, null) : request;
        Stage stage;
        StageOptions options;
        try {
            stage = stages.get(r.stage());
            options = OptionParser.fromMap(
                    Boolean.TRUE.equals(r.force()),
                    Boolean.TRUE.equals(r.dryRun()),
                    r.options() == null ? Map.of() : r.options(),
                    stage);
            options = options.withChain(!Boolean.FALSE.equals(r.chain()));
            if (r.parentRunId() != null) {
                options = options.withParentRunId(Optional.of(OptionParser.runId(r.parentRunId())));
                ledger.requireParent(options, "");
            }
        } catch (InvalidInvocationException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", e.getMessage()))
                    .build();
        }
        return runs.start(stage, options);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) throws SQLException {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "not a run id: " + id))
                    .build();
        }
        Optional<io.recsys.core.ledger.PipelineRun> run = ledger.find(uuid);
        if (run.isEmpty()) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(Map.of("error", "no run " + id))
                    .build();
        }
        return Response.ok(RunView.of(
                        run.get(),
                        ledger.children(uuid).stream().map(child -> child.id).toList(),
                        chainLinks.ofParent(uuid)))
                .build();
    }

    @GET
    public List<RunView> list(@QueryParam("stage") String stage, @QueryParam("limit") @DefaultValue("20") int limit) {
        return ledger.recent(stage, Math.min(limit, 500)).stream()
                .map(RunView::of)
                .toList();
    }
}
