package io.recsys.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.core.serving.ReplicaStatus;
import io.recsys.core.serving.ServiceMinute;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.model.ModelArtifact;
import io.recsys.serving.stats.RequestStats;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One replica against a real PostgreSQL: loading, answering, refusing broken models, reporting.
 * Each test promotes its own model; the replica before any promotion is {@link
 * ServingWithoutModelTest}'s (an app of its own).
 */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class ServingTest {
    private static final String TOKEN = "Bearer test-token";

    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Inject
    ReplicaDirectory directory;

    @Inject
    RequestStats stats;

    private void promote(ModelVersion v) throws Exception {
        aliases.move(ModelAliases.PRODUCTION, v.id(), DeploymentAction.PROMOTE, "CLI", null, null);
    }

    private void awaitServing(String modelId) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> given().get("/health").then().statusCode(200).body("model_id", equalTo(modelId)));
    }

    /** Each test's own model (the good one's numbers), promoted and loaded: no test leans on another's. */
    private void serving(String modelId) throws Exception {
        promote(TestModels.publish(store, registry, TestModels.good(modelId)));
        awaitServing(modelId);
    }

    @Test
    void loadsThePromotedModelAndRanksByDotProductWithoutSeenItems() throws Exception {
        serving("als-good-1");
        given().get("/api/v1/recommendations/u0?k=3")
                .then()
                .statusCode(200)
                .body("model_id", equalTo("als-good-1"))
                .body("fallback", equalTo(false))
                .body("items.item_id", contains("p1", "p3", "p2"));
        given().get("/api/v1/recommendations/u0?k=2&exclude_seen=false")
                .then()
                .statusCode(200)
                .body("items.item_id", contains("p0", "p1"));
        given().contentType(ContentType.JSON)
                .body("{\"user_id\":\"u1\",\"topk\":2}")
                .post("/recommend")
                .then()
                .statusCode(200)
                .body("items.item_id", contains("p2", "p3"));
    }

    @Test
    void unknownAndColdStartUsersGetPopularItemsFlaggedAsFallback() throws Exception {
        serving("als-fallback");
        given().get("/api/v1/recommendations/stranger?k=3")
                .then()
                .statusCode(200)
                .body("fallback", equalTo(true))
                .body("fallback_reason", equalTo("unknown_user"))
                .body("items.item_id", contains("p2", "p0", "p3"));
        given().get("/api/v1/recommendations/c9?k=1")
                .then()
                .statusCode(200)
                .body("fallback_reason", equalTo("cold_start"))
                .body("items.item_id", contains("p2"));
        given().get("/api/v1/items/popular?k=2")
                .then()
                .statusCode(200)
                .body("items.item_id", contains("p2", "p0"))
                .body("fallback", equalTo(false));
    }

    @Test
    void similarItemsByCosineAndClearErrorsForBadRequests() throws Exception {
        serving("als-similar");
        // cos(p0, ·): p1 0.994, p3 0.707, p2 0, p4 -1
        given().get("/api/v1/items/p0/similar?k=3")
                .then()
                .statusCode(200)
                .body("item_id", equalTo("p0"))
                .body("items.item_id", contains("p1", "p3", "p2"));
        given().get("/api/v1/items/nope/similar").then().statusCode(404).body("error", containsString("item nope"));
        given().get("/api/v1/recommendations/u0?k=0").then().statusCode(400).body("error", containsString("k must be"));
        given().get("/api/v1/recommendations/u0?k=101").then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"topk\":2}")
                .post("/recommend")
                .then()
                .statusCode(400);
    }

    @Test
    void aModelWithANaNIsRefusedAndTheOldOneKeepsServing() throws Exception {
        serving("als-before-nan");
        promote(TestModels.publish(store, registry, TestModels.withNaN("als-nan-2")));
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/reload_model")
                .then()
                .statusCode(422)
                .body("outcome", equalTo("REFUSED"))
                .body("model_id", equalTo("als-before-nan"))
                .body("refused.reason", containsString("non-finite value NaN at row 1, column 0"));
        given().get("/health").then().body("model_id", equalTo("als-before-nan"));
        given().get("/model_info").then().body("refused.model_id", equalTo("als-nan-2"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<ReplicaStatus> live = directory.live(Duration.ofSeconds(30));
            assertThat(live).hasSize(1);
            assertThat(live.get(0).modelId()).isEqualTo("als-before-nan");
            assertThat(live.get(0).refusedModelId()).isEqualTo("als-nan-2");
            assertThat(live.get(0).refusalReason()).contains("item_factors.npy");
            assertThat(live.get(0).baseUrl()).startsWith("http://");
        });
    }

    @Test
    void aTruncatedFileOrAWrongWidthIsRefusedToo() throws Exception {
        serving("als-before-cut");
        ModelVersion truncated = TestModels.publish(store, registry, TestModels.good("als-cut-3"));
        Path file = Path.of(truncated.artifactPath()).resolve(ModelArtifact.USER_FACTORS);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(file) - 4);
        }
        promote(truncated);
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/model/reload")
                .then()
                .statusCode(422)
                .body("refused.reason", containsString("user_factors.npy has"));

        promote(TestModels.publish(store, registry, TestModels.wrongWidth("als-wide-4")));
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/reload_model")
                .then()
                .statusCode(422)
                .body("refused.reason", containsString("has 3 columns but user_factors.npy has 2"));
        given().get("/api/v1/recommendations/u0?k=1")
                .then()
                .statusCode(200)
                .body("model_id", equalTo("als-before-cut"));
    }

    @Test
    void reloadNeedsTheTokenAndFollowsTheAliasOnly() throws Exception {
        serving("als-before-5");
        given().contentType(ContentType.JSON)
                .body("{}")
                .post("/reload_model")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer wrong")
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/api/v1/model/reload")
                .then()
                .statusCode(401);
        promote(TestModels.publish(store, registry, TestModels.good("als-good-5")));
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"model_id\":\"als-before-5\"}")
                .post("/reload_model")
                .then()
                .statusCode(409)
                .body("error", containsString("names als-good-5"));
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{\"model_id\":\"als-good-5\"}")
                .post("/reload_model")
                .then()
                .statusCode(200)
                // The 300 ms poll may have loaded it first: either way it serves the alias's model now.
                .body("outcome", anyOf(equalTo("LOADED"), equalTo("UP_TO_DATE")))
                .body("model_id", equalTo("als-good-5"));
        given().get("/api/v1/model")
                .then()
                .body("model_loaded", equalTo(true))
                .body("items", equalTo(5))
                .body("factors", equalTo(2));
    }

    @Test
    void requestsAreAggregatedPerMinuteAndExportedToPrometheus() throws Exception {
        serving("als-stats");
        // A refusal of its own, so the refusal counter is exported whatever ran before.
        promote(TestModels.publish(store, registry, TestModels.withNaN("als-stats-nan")));
        given().header("Authorization", TOKEN)
                .contentType(ContentType.JSON)
                .body("{}")
                .post("/reload_model")
                .then()
                .statusCode(422);
        Instant before = Instant.now().minusSeconds(120);
        stats.flushNow();
        for (int i = 0; i < 3; i++) {
            given().get("/api/v1/recommendations/u0?k=2").then().statusCode(200);
        }
        given().get("/api/v1/recommendations/stranger?k=2").then().statusCode(200);
        given().get("/api/v1/items/unknown/similar").then().statusCode(404);
        stats.flushNow();
        List<ServiceMinute> minutes = directory.minutesSince(before);
        ServiceMinute last = minutes.get(minutes.size() - 1);
        assertThat(last.requests()).isEqualTo(5);
        assertThat(last.fallbacks()).isEqualTo(1);
        assertThat(last.errors()).isZero(); // an unknown item is the client's mistake
        assertThat(last.fallbackRate()).isEqualTo(0.2);
        assertThat(last.p95LatencyMs()).isPositive().isLessThanOrEqualTo(last.maxLatencyMs());
        assertThat(last.modelId()).isEqualTo("als-stats");
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("recsys_serving_requests_seconds_bucket")
                .contains("recsys_serving_fallbacks_total{reason=\"unknown_user\"")
                .contains("recsys_serving_model_refusals_total");
    }

    @Test
    void theOpenApiDescriptionListsTheEndpoints() {
        String spec = given().get("/q/openapi").then().statusCode(200).extract().asString();
        assertThat(spec)
                .contains("/api/v1/recommendations/{userId}")
                .contains("/api/v1/items/{itemId}/similar")
                .contains("/recommend")
                .contains("/reload_model");
    }
}
