package io.recsys.serving.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Feedback in, against a real PostgreSQL: answers recorded as impressions, events stored once. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class FeedbackApiTest {
    private static final String TOKEN = "Bearer test-token";
    private static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Inject
    DataSource dataSource;

    /** A prefix of this test's own ids, so rows other tests wrote never count. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private void serving(String modelId) throws Exception {
        TestModels.serve(store, registry, aliases, modelId);
    }

    private String event(String id, String type, String extra) {
        return "{\"event_id\":\"" + run + id + "\",\"user_id\":\"u0\",\"item_id\":\"p1\",\"type\":\"" + type
                + "\",\"timestamp\":\"2026-12-01T10:00:00+07:00\"" + extra + "}";
    }

    private Response post(String body, String token) {
        var req = given().contentType(ContentType.JSON).body(body);
        if (token != null) {
            req = req.header("Authorization", token);
        }
        return req.post("/api/v1/events");
    }

    private List<String> storedIds() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT event_id FROM events WHERE event_id LIKE ? ORDER BY event_id")) {
            ps.setString(1, run + "%");
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).substring(run.length()));
                }
            }
            return out;
        }
    }

    @Test
    void aBatchIsStoredOnceAndAResendIsANoOp() throws Exception {
        String batch = "[" + event("e1", "click", ",\"request_id\":\"r-1\"") + "," + event("e2", "purchase", "") + ","
                + event("e3", "rating", ",\"value\":4") + "]";
        post(batch, TOKEN)
                .then()
                .statusCode(202)
                .body("received", equalTo(3))
                .body("stored", equalTo(3))
                .body("duplicates", equalTo(0));
        assertThat(storedIds()).containsExactly("e1", "e2", "e3");

        post(batch, TOKEN).then().statusCode(202).body("stored", equalTo(0)).body("duplicates", equalTo(3));
        String partlyNew = "[" + event("e3", "rating", ",\"value\":4") + "," + event("e4", "view", "") + "]";
        post(partlyNew, TOKEN).then().statusCode(202).body("stored", equalTo(1)).body("duplicates", equalTo(1));
        assertThat(storedIds()).containsExactly("e1", "e2", "e3", "e4");

        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT type, value, request_id, occurred_at FROM events WHERE event_id = ?")) {
            ps.setString(1, run + "e1");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("click");
                assertThat(rs.getObject(2)).isNull();
                assertThat(rs.getString(3)).isEqualTo("r-1");
                assertThat(rs.getTimestamp(4).toInstant()).hasToString("2026-12-01T03:00:00Z");
            }
        }
    }

    @Test
    void aBatchWithOneBadEventStoresNothingAndSaysWhichAndWhy() throws Exception {
        String batch = "[" + event("ok", "click", "") + "," + event("bad", "rating", ",\"value\":9") + "]";
        post(batch, TOKEN)
                .then()
                .statusCode(400)
                .body("error", containsString("events[1].value: rating 9 outside [1.0, 5.0]"))
                .body("error", containsString("nothing of the batch was stored"))
                .body("problems.index", contains(1))
                .body("problems.field", contains("value"));
        post("[{\"event_id\": \"x\",", TOKEN)
                .then()
                .statusCode(400)
                .body("error", containsString("not valid JSON at line 1"));
        assertThat(storedIds()).isEmpty();
    }

    @Test
    void eventsNeedTheToken() throws Exception {
        post("[" + event("t1", "view", "") + "]", null).then().statusCode(401);
        post("[" + event("t1", "view", "") + "]", "Bearer wrong").then().statusCode(401);
        assertThat(storedIds()).isEmpty();
    }

    @Test
    void everyAnswerIsNamedAndRecordedAsAnImpressionWithItsItemsInRankOrder() throws Exception {
        serving("als-impressions-" + run);
        Response personal = given().get("/api/v1/recommendations/u0?k=3");
        personal.then()
                .statusCode(200)
                .body("request_id", matchesPattern(UUID_V7))
                .body("variant", equalTo("production"));
        String personalId = personal.jsonPath().getString("request_id");
        assertThat(personal.header("X-Request-Id")).isEqualTo(personalId);
        String fallbackId = given().get("/api/v1/recommendations/stranger-" + run + "?k=2")
                .jsonPath()
                .getString("request_id");
        String similarId =
                given().get("/api/v1/items/p1/similar?k=2").jsonPath().getString("request_id");
        // A probe (deploy's smoke test) is answered like anyone, but no shopper saw it: no impression.
        String probeId = given().header("X-Recsys-Probe", "deploy-smoke")
                .get("/api/v1/recommendations/u0?k=2")
                .then()
                .statusCode(200)
                .extract()
                .path("request_id");
        String seedId = given().contentType(ContentType.JSON)
                .body("{\"user_id\":\"u1\",\"topk\":2}")
                .post("/recommend")
                .jsonPath()
                .getString("request_id");
        given().get("/api/v1/recommendations/u0?k=0").then().statusCode(400).header("X-Request-Id", (String) null);

        await().atMost(Duration.ofSeconds(20)).until(() -> impression(seedId) != null);
        assertThat(impression(personalId))
                .isEqualTo("recommend|u0|null|als-impressions-" + run + "|production|null|p1,p3,p2");
        assertThat(impression(fallbackId))
                .isEqualTo("recommend|stranger-" + run + "|null|als-impressions-" + run
                        + "|production|unknown_user|p2,p0");
        assertThat(impression(similarId)).startsWith("similar|null|p1|als-impressions-" + run + "|production|null|");
        assertThat(impression(seedId)).endsWith("|p2,p3");
        // Written in order, so the later answer's impression being there means the probe's never will.
        assertThat(impression(probeId)).isNull();
    }

    /** endpoint|user|anchor|model|variant|fallback reason|items, or null when not (yet) written. */
    private String impression(String requestId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT endpoint, user_id, anchor_item_id, model_id, variant,"
                        + " fallback_reason, items FROM impressions WHERE request_id = ?")) {
            ps.setString(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Array items = rs.getArray(7);
                return String.join(
                        "|",
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        String.join(",", Arrays.asList((String[]) items.getArray())));
            }
        }
    }
}
