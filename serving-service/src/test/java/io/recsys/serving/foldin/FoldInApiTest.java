package io.recsys.serving.foldin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.CanarySplit;
import io.recsys.core.deploy.DeploymentStatus;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.feedback.EventLog;
import io.recsys.core.feedback.EventType;
import io.recsys.core.feedback.FeedbackEvent;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.math.Factors;
import io.recsys.math.als.FoldIn;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A shopper the served model never saw gets a personal answer from their events, at once. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class FoldInApiTest {
    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Inject
    EventLog events;

    @Inject
    FreshUsers fresh;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private void serving(String modelId) throws Exception {
        TestModels.serve(store, registry, aliases, modelId);
    }

    private FeedbackEvent event(String user, String item, EventType type, Double value) {
        return new FeedbackEvent(
                run + "-" + user + "-" + item + "-" + type.wire(), user, item, type, value, null, Instant.now());
    }

    private static float dot(float[] x, Factors items, int item) {
        return x[0] * items.data()[2 * item] + x[1] * items.data()[2 * item + 1];
    }

    @Test
    void aFreshShoppersClickAndPurchaseFoldInToAPersonalAnswerWithoutTheirItems() throws Exception {
        String model = "als-fold-" + run;
        serving(model);
        String shopper = "fresh-" + run;
        given().get("/api/v1/recommendations/" + shopper + "?k=3")
                .then()
                .body("fallback_reason", equalTo("unknown_user"));
        // a click on p2 (0.5 x 5 = 2.5), a purchase of p3 (rated 5); an unknown product is ignored
        events.append(List.of(
                event(shopper, "p2", EventType.CLICK, null),
                event(shopper, "p3", EventType.PURCHASE, null),
                event(shopper, "not-in-the-model", EventType.RATING, 5.0)));
        fresh.pollOnce();

        // The model's own λ and α (the test card has none: the defaults, 0.1 and 1), items fixed.
        Factors items = TestModels.good(model).items();
        float[] x = new float[2];
        new FoldIn(items, 0.1, 1.0, false).solve(new int[] {2, 3}, new float[] {2.5f, 5f}, 2, x);
        List<Integer> ranked = IntStream.of(0, 1, 4)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> -dot(x, items, i)))
                .toList();

        Response r = given().get("/api/v1/recommendations/" + shopper + "?k=3");
        r.then().statusCode(200).body("fallback", equalTo(false)).body("folded_in", equalTo(true));
        assertThat(r.jsonPath().getList("items.item_id", String.class))
                .containsExactlyElementsOf(
                        ranked.stream().map(TestModels.ITEMS::get).toList())
                .doesNotContain("p2", "p3");
        assertThat(r.jsonPath().getList("items.score", Float.class).get(0))
                .isCloseTo(dot(x, items, ranked.get(0)), within(1e-4f));
        given().get("/api/v1/recommendations/" + shopper + "?k=5&exclude_seen=false")
                .then()
                .body("folded_in", equalTo(true))
                .body("items.size()", equalTo(5));
    }

    @Test
    void aShopperWhoseEventsNameNoKnownItemKeepsTheFallbackAndAKnownUserKeepsTheTrainedVector() throws Exception {
        serving("als-nofold-" + run);
        String shopper = "stranger-" + run;
        events.append(List.of(
                event(shopper, "nothing-we-sell", EventType.CLICK, null), event("u0", "p4", EventType.PURCHASE, null)));
        fresh.pollOnce();
        given().get("/api/v1/recommendations/" + shopper + "?k=2")
                .then()
                .body("fallback", equalTo(true))
                .body("fallback_reason", equalTo("unknown_user"));
        // u0 has a trained vector (1, 0): p1 0.9, p3 0.5 as before, not moved by the new purchase
        given().get("/api/v1/recommendations/u0?k=2")
                .then()
                .body("items.item_id", contains("p1", "p3"))
                .body("folded_in", nullValue());
    }

    @Test
    void aFreshShopperInTheCanarysShareIsFoldedInAgainstTheCanaryModel() throws Exception {
        serving("als-fold-prod-" + run);
        String canaryModel = "als-fold-canary-" + run;
        TestModels.publish(store, registry, TestModels.good(canaryModel));
        aliases.startCanary("canary", canaryModel, 0.5, "CLI", null, null);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> given().get("/health").then().body("canary.model_id", equalTo(canaryModel)));
            String shopper = "fresh-canary-" + run;
            for (int i = 0; !CanarySplit.inCanary(canaryModel, shopper, 0.5); i++) {
                shopper = "fresh-canary-" + run + "-" + i;
            }
            events.append(List.of(event(shopper, "p2", EventType.CLICK, null)));
            fresh.pollOnce();

            given().get("/api/v1/recommendations/" + shopper + "?k=2")
                    .then()
                    .statusCode(200)
                    .body("variant", equalTo("canary"))
                    .body("model_id", equalTo(canaryModel))
                    .body("fallback", equalTo(false))
                    .body("folded_in", equalTo(true));
        } finally {
            aliases.endCanary("canary", DeploymentStatus.SUCCEEDED, Map.of(), "test over", "CLI", null, null);
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> given().get("/health").then().body("canary", nullValue()));
    }
}
