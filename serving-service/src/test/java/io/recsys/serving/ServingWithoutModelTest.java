package io.recsys.serving;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.testing.EmbeddedPostgresResource;
import io.recsys.serving.testing.CleanTestHome;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replica before anything was deployed to it. A replica never unloads a model, so this state
 * exists only in an app that has never seen its alias move: its own app (the profile), serving an
 * alias no test promotes, whatever other tests promoted to production in the same database.
 */
@QuarkusTest
@TestProfile(ServingWithoutModelTest.NothingPromoted.class)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(CleanTestHome.class)
class ServingWithoutModelTest {
    private static final String ALIAS = "never-promoted";

    public static class NothingPromoted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("serving.alias", ALIAS);
        }
    }

    @Inject
    ModelAliases aliases;

    @Test
    void withoutADeployedModelItSaysSoAndAnswers503() throws Exception {
        assertThat(aliases.current(ALIAS))
                .as("the fixture: nothing ever promoted")
                .isEmpty();
        given().get("/health")
                .then()
                .statusCode(200)
                .body("model_loaded", equalTo(false))
                .body("status", equalTo("no_model"));
        given().get("/api/v1/recommendations/u0")
                .then()
                .statusCode(503)
                .body("error", containsString("no model loaded"));
    }
}
