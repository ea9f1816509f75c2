package io.recsys.core.rest;

import io.recsys.core.runner.AsyncRuns;
import io.recsys.core.runner.RunHandle;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.LeaseHeldException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a run for an HTTP request, the same way for every endpoint that triggers one: 202 with the
 * run id (the run goes on in the background), or 409 with the holder's run id when the stage is
 * already running.
 */
@ApplicationScoped
public class HttpRuns {
    private final StageRunner runner;
    private final AsyncRuns async;

    public HttpRuns(StageRunner runner, AsyncRuns async) {
        this.runner = runner;
        this.async = async;
    }

    public Response start(Stage stage, StageOptions options) throws SQLException {
        RunHandle handle;
        try {
            handle = runner.open(stage, Trigger.HTTP, options);
        } catch (LeaseHeldException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("holderRunId", e.holderRunId());
            body.put("cancelledRunId", e.cancelledRunId());
            return Response.status(Response.Status.CONFLICT).entity(body).build();
        }
        async.submit(handle);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", handle.runId());
        body.put("stage", stage.name());
        body.put("status", "RUNNING");
        return Response.accepted(body)
                .location(URI.create("/api/v1/runs/" + handle.runId()))
                .build();
    }
}
