package io.recsys.serving.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.feedback.EventType;
import io.recsys.core.feedback.FeedbackEvent;
import io.recsys.core.testing.ConfigProxy;
import io.recsys.serving.config.ServingConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way an event can be wrong is named by index and field; a good batch parses exactly. */
class EventBatchParserTest {
    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ServingConfig.Events CONFIG = ConfigProxy.of(
            ServingConfig.Events.class,
            Map.of("maxBatch", 3, "futureTolerance", Duration.ofHours(1), "ratingMin", 1.0, "ratingMax", 5.0));

    private final EventBatchParser parser = new EventBatchParser(CONFIG, Clock.fixed(NOW, ZoneOffset.UTC));

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    private static String good(String id) {
        return "{'event_id':'" + id
                + "','user_id':'u1','item_id':'p1','type':'click','timestamp':'2026-12-04T09:30:00+07:00'}";
    }

    private List<EventProblem> problems(String body) throws Exception {
        RejectedBatchException e = catchThrowableOfType(RejectedBatchException.class, () -> parser.parse(json(body)));
        assertThat(e).as("refused: " + body).isNotNull();
        assertThat(e.getMessage()).endsWith("nothing of the batch was stored");
        return e.problems();
    }

    @Test
    void aGoodBatchParsesEveryFieldNumbersAsIdsAndOffsetsAsInstants() throws Exception {
        List<FeedbackEvent> events = parser.parse(json("[" + good("e1") + ","
                + "{'event_id':'e2','user_id':42,'item_id':'p2','type':'rating','value':4.5,'request_id':'r-1',"
                + "'timestamp':'2026-12-04T02:59:00Z'}]"));
        assertThat(events)
                .containsExactly(
                        new FeedbackEvent(
                                "e1", "u1", "p1", EventType.CLICK, null, null, Instant.parse("2026-12-04T02:30:00Z")),
                        new FeedbackEvent(
                                "e2", "42", "p2", EventType.RATING, 4.5, "r-1", Instant.parse("2026-12-04T02:59:00Z")));
    }

    @Test
    void eachBadFieldIsNamedWithItsIndex() throws Exception {
        assertThat(problems("[" + good("ok") + ",{'event_id':'x','user_id':'u','item_id':'p','type':'like',"
                        + "'timestamp':'2026-12-04T01:00:00Z'}]"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.index()).isEqualTo(1);
                    assertThat(p.field()).isEqualTo("type");
                    assertThat(p.reason()).contains("\"like\"").contains("add_to_cart");
                });
        assertThat(problems("[{'event_id':'x','user_id':'u','item_id':'p','type':'view','timestamp':'yesterday'}]"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("not an ISO-8601 time"));
        assertThat(
                        problems(
                                "[{'event_id':'x','user_id':'u','item_id':'p','type':'view','timestamp':'2026-12-04T03:00:00'}]"))
                .extracting(EventProblem::field)
                .containsExactly("timestamp"); // no offset: which zone would it be in?
        assertThat(
                        problems(
                                "[{'event_id':'x','user_id':'u','item_id':'p','type':'view','timestamp':'2026-12-04T04:00:01Z'}]"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("in the future").contains("future-tolerance"));
        assertThat(
                        problems(
                                "[{'event_id':'x','user_id':'u','item_id':'p','type':'rating','value':6,'timestamp':'2026-12-04T01:00:00Z'}]"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.field()).isEqualTo("value");
                    assertThat(p.reason()).contains("outside [1.0, 5.0]");
                });
        assertThat(
                        problems(
                                "[{'event_id':'x','user_id':'u','item_id':'p','type':'rating','timestamp':'2026-12-04T01:00:00Z'}]"))
                .extracting(EventProblem::field)
                .containsExactly("value");
        assertThat(
                        problems(
                                "[{'event_id':'x','user_id':'u','item_id':'p','type':'view','value':'a lot','timestamp':'2026-12-04T01:00:00Z'}]"))
                .extracting(EventProblem::field)
                .containsExactly("value");
        assertThat(
                        problems(
                                "[{'event_id':'','user_id':{},'type':'view','timestamp':'2026-12-04T01:00:00Z','reqest_id':'r'}]"))
                .extracting(EventProblem::field)
                .containsExactlyInAnyOrder("reqest_id", "event_id", "user_id", "item_id");
        assertThat(problems("[{'event_id':'" + "e".repeat(129) + "','user_id':'u','item_id':'p','type':'view',"
                        + "'timestamp':'2026-12-04T01:00:00Z'}]"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("longer than 128"));
    }

    @Test
    void theBatchItselfCanBeWrong() throws Exception {
        assertThat(problems("{'events':[]}"))
                .singleElement()
                .satisfies(p -> assertThat(p.index()).isNull());
        assertThat(problems("[]"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("empty"));
        assertThat(problems("[" + good("a") + "," + good("b") + "," + good("c") + "," + good("d") + "]"))
                .singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("4 events").contains("max-batch = 3"));
        assertThat(problems("[" + good("a") + ",7," + good("a") + "]"))
                .extracting(EventProblem::index, EventProblem::field)
                .containsExactly(tuple(1, null), tuple(2, "event_id"));
    }
}
