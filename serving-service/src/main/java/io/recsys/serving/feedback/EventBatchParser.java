package io.recsys.serving.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.recsys.core.feedback.EventType;
import io.recsys.core.feedback.FeedbackEvent;
import io.recsys.serving.config.ServingConfig;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a posted batch (a JSON array of events) into validated events, or refuses it whole with
 * every problem named by index and field (up to {@link #MAX_PROBLEMS}). Unknown fields are refused
 * too: a misspelt {@code request_id} would otherwise silently lose the click's attribution.
 */
public final class EventBatchParser {
    static final int MAX_PROBLEMS = 50;
    /** The widths of the events table's columns. */
    static final int MAX_ID = 128;

    static final int MAX_REQUEST_ID = 64;
    private static final Set<String> FIELDS =
            Set.of("event_id", "user_id", "item_id", "type", "value", "request_id", "timestamp");

    private final ServingConfig.Events config;
    private final Clock clock;

    public EventBatchParser(ServingConfig.Events config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public List<FeedbackEvent> parse(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new RejectedBatchException(List.of(EventProblem.ofBatch("the body must be a JSON array of events")));
        }
        if (body.isEmpty()) {
            throw new RejectedBatchException(List.of(EventProblem.ofBatch("the batch is empty")));
        }
        if (body.size() > config.maxBatch()) {
            throw new RejectedBatchException(List.of(EventProblem.ofBatch("a batch of " + body.size()
                    + " events is over serving.events.max-batch = " + config.maxBatch() + "; split it")));
        }
        Instant latest = clock.instant().plus(config.futureTolerance());
        List<EventProblem> problems = new ArrayList<>();
        List<FeedbackEvent> out = new ArrayList<>(body.size());
        Map<String, Integer> firstIndexOfId = new HashMap<>();
        for (int i = 0; i < body.size() && problems.size() < MAX_PROBLEMS; i++) {
            FeedbackEvent e = event(i, body.get(i), latest, problems);
            if (e == null) {
                continue;
            }
            Integer earlier = firstIndexOfId.putIfAbsent(e.eventId(), i);
            if (earlier != null) {
                problems.add(new EventProblem(i, "event_id", "repeats events[" + earlier + "]'s id " + e.eventId()));
                continue;
            }
            out.add(e);
        }
        if (!problems.isEmpty()) {
            throw new RejectedBatchException(problems);
        }
        return out;
    }

    private FeedbackEvent event(int i, JsonNode n, Instant latest, List<EventProblem> problems) {
        if (n == null || !n.isObject()) {
            problems.add(new EventProblem(i, null, "an event must be a JSON object"));
            return null;
        }
        int before = problems.size();
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new EventProblem(i, name, "unknown field (allowed: " + String.join(", ", sorted()) + ")"));
            }
        }
        String eventId = id(i, n, "event_id", MAX_ID, true, problems);
        String userId = id(i, n, "user_id", MAX_ID, true, problems);
        String itemId = id(i, n, "item_id", MAX_ID, true, problems);
        String requestId = id(i, n, "request_id", MAX_REQUEST_ID, false, problems);
        EventType type = type(i, n.get("type"), problems);
        Double value = value(i, n.get("value"), type, problems);
        Instant at = timestamp(i, n.get("timestamp"), latest, problems);
        if (problems.size() > before) {
            return null;
        }
        return new FeedbackEvent(eventId, userId, itemId, type, value, requestId, at);
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }

    /** A string, or an integral number taken as its decimal text (shops key users by number). */
    private static String id(int i, JsonNode n, String field, int max, boolean required, List<EventProblem> problems) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new EventProblem(i, field, "missing"));
            }
            return null;
        }
        String s;
        if (v.isTextual()) {
            s = v.textValue().trim();
        } else if (v.isIntegralNumber()) {
            s = v.asText();
        } else {
            problems.add(new EventProblem(i, field, "must be a string, got " + kind(v)));
            return null;
        }
        if (s.isEmpty()) {
            problems.add(new EventProblem(i, field, "empty"));
            return null;
        }
        if (s.length() > max) {
            problems.add(new EventProblem(i, field, "longer than " + max + " characters"));
            return null;
        }
        for (int c = 0; c < s.length(); c++) {
            if (Character.isISOControl(s.charAt(c))) {
                problems.add(new EventProblem(i, field, "holds a control character at position " + c));
                return null;
            }
        }
        return s;
    }

    private static EventType type(int i, JsonNode v, List<EventProblem> problems) {
        if (v == null || v.isNull()) {
            problems.add(new EventProblem(i, "type", "missing (one of " + EventType.allowed() + ")"));
            return null;
        }
        EventType t = v.isTextual() ? EventType.fromWire(v.textValue()).orElse(null) : null;
        if (t == null) {
            problems.add(new EventProblem(i, "type", "unknown type " + v + " (one of " + EventType.allowed() + ")"));
        }
        return t;
    }

    private Double value(int i, JsonNode v, EventType type, List<EventProblem> problems) {
        boolean absent = v == null || v.isNull();
        if (absent) {
            if (type == EventType.RATING) {
                problems.add(new EventProblem(i, "value", "a rating event needs its rating as value"));
            }
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
            problems.add(new EventProblem(i, "value", "must be a number, got " + kind(v)));
            return null;
        }
        double d = v.doubleValue();
        if (type == EventType.RATING && (d < config.ratingMin() || d > config.ratingMax())) {
            problems.add(new EventProblem(
                    i,
                    "value",
                    "rating " + v + " outside [" + config.ratingMin() + ", " + config.ratingMax()
                            + "] (serving.events.rating-min / -max)"));
            return null;
        }
        return d;
    }

    private static Instant timestamp(int i, JsonNode v, Instant latest, List<EventProblem> problems) {
        if (v == null || v.isNull()) {
            problems.add(new EventProblem(i, "timestamp", "missing"));
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new EventProblem(i, "timestamp", "must be an ISO-8601 time with an offset, got " + kind(v)));
            return null;
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(v.textValue()).toInstant();
        } catch (DateTimeException e) {
            problems.add(new EventProblem(
                    i, "timestamp", "not an ISO-8601 time with an offset (e.g. 2026-12-04T09:30:00+07:00): " + v));
            return null;
        }
        if (at.isAfter(latest)) {
            problems.add(new EventProblem(
                    i,
                    "timestamp",
                    v.textValue() + " is in the future (later than " + latest + ", serving.events.future-tolerance)"));
            return null;
        }
        return at;
    }

    private static String kind(JsonNode v) {
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
    }
}
