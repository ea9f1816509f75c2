package io.recsys.serving;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.serving.testing.CleanTestHome;
import io.recsys.serving.testing.TestModels;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the poll an hour away, a replica still follows an alias move at once: it LISTENs for it. */
@QuarkusTest
@TestProfile(AliasListenTest.HourlyPoll.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class AliasListenTest {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("serving.poll-interval", "1h");
        }
    }

    @Inject
    ArtifactStore store;

    @Inject
    ModelRegistry registry;

    @Inject
    ModelAliases aliases;

    @Test
    void anAliasMoveIsServedWithinSecondsWithoutAPoll() throws Exception {
        for (String id : new String[] {"als-listen-1", "als-listen-2"}) {
            TestModels.publish(store, registry, TestModels.good(id));
            aliases.move(ModelAliases.PRODUCTION, id, DeploymentAction.PROMOTE, "CLI", null, null);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(
                            () -> given().get("/health").then().statusCode(200).body("model_id", equalTo(id)));
        }
    }
}
