package io.recsys.serving.feedback;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.recsys.core.feedback.EventLog;
import io.recsys.core.feedback.EventType;
import io.recsys.core.feedback.FeedbackEvent;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.rest.RequiresToken;
import io.recsys.serving.config.ServingConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Shoppers' events in. On serving, not a service of its own: the shop already calls serving, the
 * events name serving's answers (request ids), and a replica already holds the database pool —
 * a separate ingestion deployment would add a hop and a thing to run for the same insert. Runs on
 * a worker thread (the insert blocks); answers 202 only after the batch is committed.
 */
@Path("/api/v1/events")
@RequiresToken
public class EventsResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventBatchParser parser;
    private final EventLog log;
    private final MeterRegistry meters;

    public EventsResource(EventLog log, ServingConfig config, MeterRegistry meters) {
        this.parser = new EventBatchParser(config.events(), Clock.systemUTC());
        this.log = log;
        this.meters = meters;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Store a batch of shopper events (view, click, add_to_cart, purchase, rating)",
            description = "A JSON array of {event_id, user_id, item_id, type, value?, request_id?, timestamp}."
                    + " All or nothing: one invalid event refuses the batch (400, every problem named by index"
                    + " and field). A resent event_id is a no-op. 202 once the batch is durable.")
    public Response post(String body) throws Exception {
        List<FeedbackEvent> events = parser.parse(json(body));
        List<FeedbackEvent> stored = log.append(events);
        Map<EventType, Integer> byType = new EnumMap<>(EventType.class);
        stored.forEach(e -> byType.merge(e.type(), 1, Integer::sum));
        byType.forEach((t, n) ->
                meters.counter(MetricNames.SERVING_EVENTS, "type", t.wire()).increment(n));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", events.size());
        answer.put("stored", stored.size());
        answer.put("duplicates", events.size() - stored.size());
        return Response.accepted(answer).build();
    }

    /** Parsed here, not by the framework, so a syntax error is a 400 that says where. */
    private static JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            throw new RejectedBatchException(List.of(EventProblem.ofBatch("the body is empty")));
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new RejectedBatchException(List.of(EventProblem.ofBatch("not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage())));
        }
    }
}
